package dev.tokenomics.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the devnet listens: this machine only unless told otherwise, and a taken port is one clear line. */
class ListenAddressTest {

    @Test
    void listensOnLoopbackByDefaultAndOnEveryInterfaceOnlyWhenAsked() throws Exception {
        InetAddress lan = nonLoopbackAddress().orElse(null);
        assumeTrue(lan != null, "this machine has no non-loopback IPv4 address to probe from");

        try (Devnet devnet = Devnet.builder().tls(false).start()) {
            assertThat(devnet.listenAddress().isLoopbackAddress()).isTrue();
            assertThat(devnet.endpoint()).isEqualTo("localhost:" + devnet.port());
            assertThat(accepts(InetAddress.getLoopbackAddress(), devnet.port())).isTrue();
            assertThat(accepts(lan, devnet.port())).as("reachable from " + lan).isFalse();
        }
        try (Devnet devnet = Devnet.builder().tls(false).listenAddress(InetAddress.getByName("0.0.0.0")).start()) {
            assertThat(accepts(lan, devnet.port())).as("reachable from " + lan).isTrue();
            assertThat(devnet.endpoint()).isEqualTo("localhost:" + devnet.port());
        }
    }

    @Test
    void aTakenPortIsATypedErrorNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Devnet.builder().tls(false).port(taken.getLocalPort()).start())
                    .isInstanceOf(ListenAddressUnavailableException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("--port");
        }
    }

    /** What a user sees from {@code java -jar tokenomics-devnet.jar} (and scripts/devnet.sh) when the port is taken. */
    @Test
    void theCommandExitsWithStatus2AndOneLineWhenThePortIsTaken(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path output = dir.resolve("output.txt");
            Process devnet = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DevnetMain.class.getName(),
                    "--dir", dir.resolve("devnet").toString(), "--no-tls", "--port", Integer.toString(taken.getLocalPort()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(devnet.waitFor(120, TimeUnit.SECONDS)).as("devnet exited").isTrue();

            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(devnet.exitValue()).as(String.join("\n", lines)).isEqualTo(2);
            assertThat(lines).as("the whole output").containsExactly("devnet: port " + taken.getLocalPort()
                    + " is already in use (cannot listen on 127.0.0.1:" + taken.getLocalPort() + "): stop what holds it"
                    + " (another devnet: scripts/devnet.sh down; a Fabric peer: scripts/network.sh down)"
                    + " or choose another port with --port N (0 picks a free one)");
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
