package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.Devnet;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.testcc.TestChaincode;
import java.nio.file.Files;
import java.util.Properties;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS is the default: the official client reaches the devnet with the generated TLS CA and the peer's host alias. */
class TlsTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.of(BasicNetwork.CHAINCODE, () -> Devnet.builder()
            .chaincodeCommand(BasicNetwork.CHAINCODE, TestChaincode.command()));

    @Test
    void submitAndEvaluateOverTlsWithTheSettingsOfConnectionEnv() throws Exception {
        Properties env = new Properties();
        try (var reader = Files.newBufferedReader(devnet.devnet().connectionEnv())) {
            env.load(reader);
        }
        Contract contract = devnet.contract("USER1");

        contract.submitTransaction("put", "tls", "on");

        assertThat(new String(contract.evaluateTransaction("get", "tls"), UTF_8)).isEqualTo("on");
        assertThat(env.getProperty("TLS_CA")).isEqualTo(devnet.devnet().tlsCaCert().toString());
        assertThat(env.getProperty("PEER_ENDPOINT")).isEqualTo(devnet.devnet().endpoint());
        assertThat(env.getProperty("HOST_ALIAS")).isEqualTo("peer0.org1.example.com");
        assertThat(env.getProperty("ADMIN_CERT")).endsWith("users/Admin@org1.example.com/msp/signcerts/cert.pem");
    }
}
