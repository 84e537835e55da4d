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

    @Nested
    class TransientData {
        @Test
        void reachesTheChaincodeButNeverTheBlock() throws Exception {
            byte[] evaluated = contract.newProposal("echoTransient").putTransient("key1", "value1".getBytes(UTF_8)).build().evaluate();
            org.hyperledger.fabric.client.Transaction tx = contract.newProposal("put").addArguments("transient-key", "v")
                    .putTransient("key1", "secret-transient-value".getBytes(UTF_8)).build().endorse();
            tx.submit();

            assertThat(new String(evaluated, UTF_8)).isEqualTo("{\"key1\":\"value1\"}");
            long block = devnet.devnet().ledger().transaction(tx.getTransactionId()).orElseThrow().blockNumber();
            assertThat(devnet.devnet().ledger().block(block).orElseThrow().toByteString().toStringUtf8())
                    .contains("transient-key")
                    .doesNotContain("secret-transient-value");
        }
    }

    @Nested
    class ClientIdentity {
        @Test
        void isTheCallersMspAndX509Id() throws Exception {
            String whoami = new String(contract.evaluateTransaction("whoami"), UTF_8);

            assertThat(whoami).startsWith("Org1MSP x509::").contains("CN=User1@org1.example.com").contains("::CN=ca.org1.example.com");
        }
    }

    @Nested
    class Queries {
        @Test
        void historyIsNewestFirstWithDeletes() throws Exception {
            contract.submitTransaction("put", "h", "1");
            contract.submitTransaction("put", "h", "2");
            contract.submitTransaction("put", "h", "3");
            contract.submitTransaction("del", "h");

            String history = new String(contract.evaluateTransaction("history", "h"), UTF_8);

            assertThat(history).matches("\\[\\{\"txId\":\"\\w+\",\"value\":\"\",\"isDelete\":true},"
                    + "\\{\"txId\":\"\\w+\",\"value\":\"3\",\"isDelete\":false},"
                    + "\\{\"txId\":\"\\w+\",\"value\":\"2\",\"isDelete\":false},"
                    + "\\{\"txId\":\"\\w+\",\"value\":\"1\",\"isDelete\":false}]");
        }

        @Test
        void paginationReturnsPagesWithBookmarks() throws Exception {
            contract.submitTransaction("putMany", "pg", "5");

            String first = new String(contract.evaluateTransaction("page", "pg", "ph", "2", ""), UTF_8);
            String second = new String(contract.evaluateTransaction("page", "pg", "ph", "2", "pg0002"), UTF_8);
            String last = new String(contract.evaluateTransaction("page", "pg", "ph", "2", "pg0004"), UTF_8);

            assertThat(first).isEqualTo("{\"keys\":[\"pg0000\",\"pg0001\"],\"count\":2,\"bookmark\":\"pg0002\"}");
            assertThat(second).isEqualTo("{\"keys\":[\"pg0002\",\"pg0003\"],\"count\":2,\"bookmark\":\"pg0004\"}");
            assertThat(last).isEqualTo("{\"keys\":[\"pg0004\"],\"count\":1,\"bookmark\":\"\"}");
        }

        @Test
        void aLongRangeIsReadThroughQueryStateNextBatches() throws Exception {
            contract.submitTransaction("putMany", "big", "250");

            String keys = new String(contract.evaluateTransaction("rangeKeys", "big", "bih"), UTF_8);

            assertThat(keys.split(",")).hasSize(250);
            assertThat(keys).startsWith("[\"big0000\"").endsWith("\"big0249\"]");
        }

        @Test
        void partialCompositeKeysFindTheirValues() throws Exception {
            contract.submitTransaction("compositePut", "owner", "alice", "car1", "red");
            contract.submitTransaction("compositePut", "owner", "alice", "car2", "blue");
            contract.submitTransaction("compositePut", "owner", "bob", "car3", "green");

            String values = new String(contract.evaluateTransaction("compositeKeys", "owner", "alice"), UTF_8);

            assertThat(values).isEqualTo("[\"red\",\"blue\"]");
        }

        @Test
        void txIdAndTimestampComeFromTheProposal() throws Exception {
            org.hyperledger.fabric.client.Proposal proposal = contract.newProposal("txInfo").build();

            String info = new String(proposal.evaluate(), UTF_8);

            assertThat(info).startsWith(proposal.getTransactionId() + " ");
        }
    }
}
