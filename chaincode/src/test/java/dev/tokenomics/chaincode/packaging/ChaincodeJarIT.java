package dev.tokenomics.chaincode.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, started with {@code java -jar} exactly as a deployment starts it: as
 * chaincode-as-a-service (CHAINCODE_SERVER_ADDRESS and CHAINCODE_ID only) it serves its port, and
 * peer-launched (CORE_PEER_ADDRESS, CORE_CHAINCODE_ID_NAME) it dials the peer.
 */
class ChaincodeJarIT {
    /** The shim scans the whole fat jar for contracts at start: seconds when idle, minutes on a saturated box. */
    private static final Duration STARTUP = Duration.ofMinutes(5);

    private Process process;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void jarDeclaresTheLauncherAndMergesServiceFiles() throws IOException {
        try (JarFile jar = new JarFile(jarPath().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.tokenomics.chaincode.ChaincodeLauncher");
            assertThat(jar.getEntry("org/hyperledger/fabric/contract/ContractRouter.class")).isNotNull();
            assertThat(jar.getEntry("dev/tokenomics/chaincode/TokenomicsContract.class")).isNotNull();
            assertThat(jar.getEntry("io/grpc/netty/shaded/io/netty/channel/Channel.class")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"))).isEmpty();
        }
    }

    @Test
    void jarCarriesTheSharedArgumentRulesCompiledForJava11() throws IOException {
        try (JarFile jar = new JarFile(jarPath().toFile())) {
            for (String rule : new String[] {"dev/tokenomics/rules/ArgumentRules.class", "dev/tokenomics/rules/InvalidArgumentException.class"}) {
                assertThat(jar.getEntry(rule)).as(rule).isNotNull();
                try (DataInputStream data = new DataInputStream(jar.getInputStream(jar.getEntry(rule)))) {
                    assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
                    data.readUnsignedShort(); // minor
                    assertThat(data.readUnsignedShort()).as(rule + " class-file version").isEqualTo(55);
                }
            }
        }
    }

    @Test
    void startsAsChaincodeAsAServiceAndListens() throws Exception {
        int port = freePort();
        start("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port, "CHAINCODE_ID", "tokenomics:1.0");

        Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(process.isAlive()).as("chaincode process alive; log:%n%s", readLog()).isTrue();
                    assertThat(canConnect(port)).isTrue();
                });
    }

    @Test
    void peerLaunchedDialsThePeerAddress() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout((int) STARTUP.toMillis());
            start("CORE_PEER_ADDRESS", "127.0.0.1:" + peer.getLocalPort(), "CORE_CHAINCODE_ID_NAME", "tokenomics:1.0");
            // accept() returns once the shim opens its Register stream's connection; it throws on timeout.
            try (Socket chaincode = peer.accept()) {
                assertThat(chaincode.isConnected()).as("chaincode dialled the peer; log:%n%s", readLog()).isTrue();
            }
        }
    }

    @Test
    void peerLaunchedExitsWhenThePeerGoesAway() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout((int) STARTUP.toMillis());
            start("CORE_PEER_ADDRESS", "127.0.0.1:" + peer.getLocalPort(), "CORE_CHAINCODE_ID_NAME", "tokenomics:1.0");
            peer.accept().close();
        }
        // The peer relaunches a chaincode whose stream ended; one that lingered would hold its port and memory.
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(process.isAlive()).as("chaincode process alive; log:%n%s", readLog()).isFalse());
        assertThat(readLog()).contains("shutting down");
    }

    /** Starts {@code java -jar} on the shaded jar with only the given chaincode variables set. */
    private void start(String... env) throws IOException {
        log = Files.createTempFile("chaincode-jar", ".log");
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jarPath().toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("CORE_") || k.startsWith("CHAINCODE_"));
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        process = builder.start();
    }

    private static Path jarPath() {
        String jar = System.getProperty("tokenomics.chaincode.jar");
        assertThat(jar).as("system property tokenomics.chaincode.jar").isNotNull();
        assertThat(new File(jar)).exists();
        return Paths.get(jar);
    }

    private String readLog() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
