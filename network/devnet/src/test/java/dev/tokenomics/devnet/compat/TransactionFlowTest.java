package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.junit.DevnetExtension;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J1–J4, J25, J26: evaluate, submit and what the chaincode sees, through the official client. */
class TransactionFlowTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();
    static Contract contract;

    @BeforeAll
    static void connect() {
        contract = devnet.contract("USER1");
    }

    @Nested
    class Evaluate {
        @Test
        void returnsTheChaincodeResultAndProducesNoBlock() throws Exception {
            long height = devnet.devnet().ledger().height();

            byte[] result = contract.evaluateTransaction("echo", "conga");

            assertThat(new String(result, UTF_8)).isEqualTo("conga");
            assertThat(devnet.devnet().ledger().height()).isEqualTo(height);
        }
    }

    @Nested
    class Submit {
        @Test
        void returnsTheResultFromThePreparedTransactionAndCommitsABlock() throws Exception {
            long height = devnet.devnet().ledger().height();

            byte[] result = contract.submitTransaction("echo", "conga");

            assertThat(new String(result, UTF_8)).isEqualTo("conga");
            assertThat(devnet.devnet().ledger().height()).isGreaterThan(height);
        }

        @Test
        void writesStateThatALaterEvaluationReads() throws Exception {
            contract.submitTransaction("put", "j3", "v");

            assertThat(new String(contract.evaluateTransaction("get", "j3"), UTF_8)).isEqualTo("v");
        }
    }
}
