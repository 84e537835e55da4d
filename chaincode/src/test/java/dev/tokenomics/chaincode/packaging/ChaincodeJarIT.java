package dev.tokenomics.chaincode.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.jar.JarFile;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, started exactly as a CCaaS deployment starts it ({@code java -jar} with
 * CHAINCODE_SERVER_ADDRESS and CHAINCODE_ID only), serves the chaincode gRPC port.
 */
class ChaincodeJarIT {
    private Process process;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
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
    void startsAsChaincodeAsAServiceAndListens() throws Exception {
        int port = freePort();
        log = Files.createTempFile("chaincode-ccaas", ".log");
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jarPath().toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("CORE_") || k.startsWith("CHAINCODE_"));
        builder.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        builder.environment().put("CHAINCODE_ID", "tokenomics:1.0");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        process = builder.start();

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(process.isAlive()).as("chaincode process alive; log:%n%s", readLog()).isTrue();
                    assertThat(canConnect(port)).isTrue();
                });
    }

    private static Path jarPath() {
        String jar = System.getProperty("tokenomics.chaincode.jar");
        assertThat(jar).as("system property tokenomics.chaincode.jar").isNotNull();
        assertThat(new File(jar)).exists();
        return Paths.get(jar);
    }

    private String readLog() throws IOException {
        return new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
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
