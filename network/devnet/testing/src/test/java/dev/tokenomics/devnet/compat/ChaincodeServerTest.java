package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.Devnet;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.testcc.TestChaincode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J27: the same chaincode started by the user as a chaincode server (CCaaS), dialled by the devnet. */
class ChaincodeServerTest {
    private static final int PORT = freePort();
    private static final Process SERVER = startServer();

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.of(BasicNetwork.CHAINCODE, () -> Devnet.builder()
            .chaincodeServer(BasicNetwork.CHAINCODE, "localhost:" + PORT)
            .tls(false));

    @AfterAll
    static void stopServer() throws InterruptedException {
        SERVER.destroy();
        if (!SERVER.waitFor(5, TimeUnit.SECONDS)) {
            SERVER.destroyForcibly();
        }
    }

    @Test
    void evaluateSubmitAndStateWorkAsForAPeerLaunchedChaincode() throws Exception {
        Contract contract = devnet.contract("USER1");

        assertThat(new String(contract.evaluateTransaction("echo", "conga"), UTF_8)).isEqualTo("conga");
        assertThat(new String(contract.submitTransaction("echo", "conga"), UTF_8)).isEqualTo("conga");
        contract.submitTransaction("put", "k", "v");
        assertThat(new String(contract.evaluateTransaction("get", "k"), UTF_8)).isEqualTo("v");
    }

    private static Process startServer() {
        try {
            Path log = Files.createTempFile("ccaas", ".log");
            ProcessBuilder builder = new ProcessBuilder(TestChaincode.command())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("CHAINCODE_SERVER_ADDRESS", "localhost:" + PORT);
            builder.environment().put("CORE_CHAINCODE_ID_NAME", "basic:1.0");
            builder.environment().put("CORE_PEER_TLS_ENABLED", "false");
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the chaincode server", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
