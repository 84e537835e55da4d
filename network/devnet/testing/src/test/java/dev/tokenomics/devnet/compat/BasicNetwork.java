package dev.tokenomics.devnet.compat;

import dev.tokenomics.devnet.Devnet;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.testcc.TestChaincode;
import java.time.Duration;

/** The compatibility fixture of devnet-protocol.md §7: channel mychannel, Org1MSP, chaincode {@code basic}. */
final class BasicNetwork {
    static final String CHAINCODE = "basic";

    private BasicNetwork() {
    }

    static DevnetExtension extension() {
        return extension(Duration.ofMillis(50), 500);
    }

    static DevnetExtension extension(Duration batchTimeout, int maxTransactionsPerBlock) {
        return DevnetExtension.of(CHAINCODE, () -> Devnet.builder()
                .chaincodeCommand(CHAINCODE, TestChaincode.command())
                .tls(false)
                .batchTimeout(batchTimeout)
                .maxTransactionsPerBlock(maxTransactionsPerBlock));
    }
}
