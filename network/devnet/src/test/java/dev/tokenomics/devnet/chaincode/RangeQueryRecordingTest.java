package dev.tokenomics.devnet.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.PHANTOM_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.testing.CommitFixture;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator records range queries and the committer re-checks them for phantoms: both must
 * compute the same merkle summary beyond {@code MAX_DEGREE} results, or every large scan would be
 * rejected (or every phantom missed).
 */
class RangeQueryRecordingTest extends CommitFixture {

    /** Commits keys k00000, k00002, ... so that odd-numbered keys fall between them. */
    void seed(int count) {
        EndorsedTransaction seed = tx();
        for (int i = 0; i < count; i++) {
            seed.write(key(i * 2), "v");
        }
        assertThat(harness.commit(seed.envelope())).containsExactly(VALID);
    }

    static String key(int n) {
        return String.format("k%05d", n);
    }

    /** Runs a scan of [k, l) through the simulator, reading at most {@code limit} results. */
    RangeQueryInfo simulateScan(int limit) throws InvalidProtocolBufferException {
        try (StateSnapshot snapshot = harness.ledger().snapshot()) {
            TransactionSimulator simulator = new TransactionSimulator("tx-scan", snapshot);
            RangeResults results = simulator.rangeScan("basic", "k", "l");
            for (int read = 0; read < limit && results.next() != null; read++) {
                // each result handed out is recorded by the simulator
            }
            if (limit == Integer.MAX_VALUE) {
                assertThat(results.next()).isNull();
            }
            TxReadWriteSet rwset = simulator.finish();
            return KVRWSet.parseFrom(rwset.getNsRwset(0).getRwset()).getRangeQueriesInfo(0);
        }
    }

    @Nested
    class ExhaustedScans {

        @ParameterizedTest(name = "{0} results")
        @ValueSource(ints = {51, 120, 2600})
        void validateAsUnchangedWhenNothingMoved(int count) throws Exception {
            seed(count);
            RangeQueryInfo info = simulateScan(Integer.MAX_VALUE);

            assertThat(info.getItrExhausted()).isTrue();
            assertThat(info.getEndKey()).isEqualTo("l");
            assertThat(info.hasReadsMerkleHashes()).isTrue();
            assertThat(info.getReadsMerkleHashes().getMaxDegree()).isEqualTo(50);
            assertThat(harness.commit(tx().range(info).write("sum", "x").envelope())).containsExactly(VALID);
        }

        @ParameterizedTest(name = "{0} results")
        @ValueSource(ints = {51, 120, 2600})
        void failAsAPhantomAfterAnInsertInsideTheRange(int count) throws Exception {
            seed(count);
            Envelope scanner = tx().range(simulateScan(Integer.MAX_VALUE)).write("sum", "x").envelope();
            assertThat(harness.commit(tx().write(key(count - 1), "new").envelope())).containsExactly(VALID);

            assertThat(harness.commit(scanner)).containsExactly(PHANTOM_READ_CONFLICT);
        }
    }

    @Nested
    class ScansStoppedEarly {

        @ParameterizedTest(name = "{0} of 2x results read")
        @ValueSource(ints = {51, 120, 2600})
        void validateAsUnchangedWhenNothingMovedUpToTheLastReadKey(int read) throws Exception {
            seed(read * 2);
            RangeQueryInfo info = simulateScan(read);
            harness.commit(tx().write(key(read * 2 - 1), "after the last read key").envelope());

            assertThat(info.getItrExhausted()).isFalse();
            assertThat(info.getEndKey()).isEqualTo(key((read - 1) * 2));
            assertThat(info.hasReadsMerkleHashes()).isTrue();
            assertThat(harness.commit(tx().range(info).write("sum", "x").envelope())).containsExactly(VALID);
        }

        @ParameterizedTest(name = "{0} of 2x results read")
        @ValueSource(ints = {51, 120, 2600})
        void failAsAPhantomAfterAnInsertBeforeTheLastReadKey(int read) throws Exception {
            seed(read * 2);
            Envelope scanner = tx().range(simulateScan(read)).write("sum", "x").envelope();
            assertThat(harness.commit(tx().write(key(read * 2 - 3), "new").envelope())).containsExactly(VALID);

            assertThat(harness.commit(scanner)).containsExactly(PHANTOM_READ_CONFLICT);
        }
    }
}
