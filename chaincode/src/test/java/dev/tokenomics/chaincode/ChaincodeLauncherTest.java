package dev.tokenomics.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChaincodeLauncherTest {

    @Test
    void ccaasChaincodeIdBecomesTheIdOption() {
        Map<String, String> env = new HashMap<>();
        env.put("CHAINCODE_SERVER_ADDRESS", "0.0.0.0:9999");
        env.put("CHAINCODE_ID", "tokenomics:1.0");
        assertThat(ChaincodeLauncher.withChaincodeId(new String[0], env)).containsExactly("--id", "tokenomics:1.0");
    }

    @Test
    void peerLaunchedEnvironmentIsLeftToTheShim() {
        Map<String, String> env = new HashMap<>();
        env.put("CORE_CHAINCODE_ID_NAME", "tokenomics:1.0");
        env.put("CHAINCODE_ID", "other");
        assertThat(ChaincodeLauncher.withChaincodeId(new String[] {"-a", "peer:7052"}, env)).containsExactly("-a", "peer:7052");
        assertThat(ChaincodeLauncher.withChaincodeId(new String[0], new HashMap<>())).isEmpty();
    }

    @Test
    void explicitIdOptionWins() {
        Map<String, String> env = new HashMap<>();
        env.put("CHAINCODE_ID", "tokenomics:1.0");
        assertThat(ChaincodeLauncher.withChaincodeId(new String[] {"--id", "x:1"}, env)).containsExactly("--id", "x:1");
    }
}
