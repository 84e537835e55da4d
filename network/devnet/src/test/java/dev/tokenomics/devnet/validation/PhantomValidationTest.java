package dev.tokenomics.devnet.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.PHANTOM_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;

import dev.tokenomics.devnet.ledger.KeyValue;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.testing.CommitFixture;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import java.util.Iterator;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PhantomValidationTest extends CommitFixture {

    /** Records a scan of [start, end) the way the simulator does, against what is committed now. */
    RangeQueryInfo scan(String start, String end) {
        RangeQueryResults results = new RangeQueryResults();
        try (StateSnapshot s = harness.ledger().snapshot()) {
            Iterator<KeyValue> it = s.range("basic", start, end);
            while (it.hasNext()) {
                KeyValue kv = it.next();
                results.add(KVRead.newBuilder().setKey(kv.key()).setVersion(Version.newBuilder()
                        .setBlockNum(kv.value().version().blockNum()).setTxNum(kv.value().version().txNum())).build());
            }
        }
        return results.toRangeQueryInfo(start, end, true);
    }

    void seed(int count) {
        EndorsedTransaction seed = tx();
        for (int i = 0; i < count; i++) {
            seed.write(String.format("k%03d", i * 2), "v");
        }
        assertThat(harness.commit(seed.envelope())).containsExactly(VALID);
    }

    @Nested
    class RawReads {

        @Test
        void unchangedRangeStaysValid() {
            seed(5);
            assertThat(harness.commit(tx().range(scan("k000", "k010")).write("sum", "5").envelope())).containsExactly(VALID);
        }

        @Test
        void keyInsertedInsideTheRangeIsAPhantom() {
            seed(5);
            Envelope scanner = tx().range(scan("k000", "k010")).write("sum", "5").envelope();
            harness.commit(tx().write("k003", "new").envelope());

            assertThat(harness.commit(scanner)).containsExactly(PHANTOM_READ_CONFLICT);
        }

        @Test
        void keyDeletedInsideTheRangeIsAPhantom() {
            seed(5);
            Envelope scanner = tx().range(scan("k000", "k010")).write("sum", "5").envelope();
            harness.commit(tx().delete("k004").envelope());

            assertThat(harness.commit(scanner)).containsExactly(PHANTOM_READ_CONFLICT);
        }

        @Test
        void keyInsertedOutsideTheRangeIsNoConflict() {
            seed(5);
            Envelope scanner = tx().range(scan("k000", "k010")).write("sum", "5").envelope();
            harness.commit(tx().write("k010", "at the exclusive end").write("a", "before").envelope());

            assertThat(harness.commit(scanner)).containsExactly(VALID);
        }

        @Test
        void insertByAnEarlierTransactionOfTheSameBlockIsAPhantom() {
            seed(5);
            Envelope scanner = tx().range(scan("k000", "k010")).write("sum", "5").envelope();

            assertThat(harness.commit(tx().write("k001", "new").envelope(), scanner)).containsExactly(VALID, PHANTOM_READ_CONFLICT);
        }

        @Test
        void updateOfAScannedKeyEarlierInTheSameBlockIsAPhantom() {
            seed(5);
            Envelope scanner = tx().range(scan("k000", "k010")).write("sum", "5").envelope();

            assertThat(harness.commit(tx().write("k002", "changed").envelope(), scanner)).containsExactly(VALID, PHANTOM_READ_CONFLICT);
        }

        @Test
        void iteratorStoppedEarlyIncludesItsLastKeyButNothingAfterIt() {
            seed(5);
            // the chaincode read k000 and k002 then stopped: end_key = k002, not exhausted
            RangeQueryInfo full = scan("k000", "k010");
            RangeQueryInfo partial = RangeQueryInfo.newBuilder().setStartKey("k000").setEndKey("k002").setItrExhausted(false)
                    .setRawReads(full.getRawReads().toBuilder().removeKvReads(4).removeKvReads(3).removeKvReads(2)).build();
            Envelope scanner = tx().range(partial).write("sum", "2").envelope();
            Envelope changeAtEnd = tx().range(partial).write("sum", "2").envelope();

            harness.commit(tx().write("k005", "after the last read key").envelope());
            assertThat(harness.commit(scanner)).containsExactly(VALID);
            harness.commit(tx().write("k002", "the last read key itself").envelope());
            assertThat(harness.commit(changeAtEnd)).containsExactly(PHANTOM_READ_CONFLICT);
        }
    }

    @Nested
    class MerkleSummaries {

        @Test
        void largeScanIsRecordedAsAMerkleSummary() {
            seed(120);
            RangeQueryInfo info = scan("k", "l");

            assertThat(info.hasReadsMerkleHashes()).isTrue();
            assertThat(info.getReadsMerkleHashes().getMaxDegree()).isEqualTo(50);
            assertThat(info.getReadsMerkleHashes().getMaxLevelHashesCount()).isBetween(1, 50);
        }

        @Test
        void unchangedLargeRangeStaysValid() {
            seed(120);
            assertThat(harness.commit(tx().range(scan("k", "l")).write("sum", "120").envelope())).containsExactly(VALID);
        }

        @Test
        void insertIntoALargeRangeIsAPhantom() {
            seed(120);
            Envelope scanner = tx().range(scan("k", "l")).write("sum", "120").envelope();
            harness.commit(tx().write("k101", "new").envelope());

            assertThat(harness.commit(scanner)).containsExactly(PHANTOM_READ_CONFLICT);
        }

        @Test
        void deleteFromALargeRangeIsAPhantom() {
            seed(3000);
            Envelope scanner = tx().range(scan("k", "l")).write("sum", "3000").envelope();
            harness.commit(tx().delete("k002").envelope());

            assertThat(harness.commit(scanner)).containsExactly(PHANTOM_READ_CONFLICT);
        }
    }
}
