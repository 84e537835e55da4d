package dev.tokenomics.devnet.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.DUPLICATE_TXID;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.MVCC_READ_CONFLICT;
import static org.hyperledger.fabric.protos.peer.TxValidationCode.VALID;

import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.ledger.Version;
import dev.tokenomics.devnet.ledger.VersionedValue;
import dev.tokenomics.devnet.testing.CommitFixture;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Envelope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MvccValidationTest extends CommitFixture {

    Optional<VersionedValue> committed(String key) {
        try (StateSnapshot s = harness.ledger().snapshot()) {
            return s.get("basic", key);
        }
    }

    String value(String key) {
        return committed(key).map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Nested
    class PointReads {

        @Test
        void secondReaderOfAKeyInTheSameBlockConflictsAndOnlyTheFirstWriteLands() {
            harness.commit(tx().write("a", "100").envelope());
            Version v = committed("a").orElseThrow().version();

            assertThat(harness.commit(tx().read("a", v).write("a", "70").envelope(), tx().read("a", v).write("a", "50").envelope()))
                    .containsExactly(VALID, MVCC_READ_CONFLICT);
            assertThat(value("a")).isEqualTo("70");
            assertThat(committed("a").orElseThrow().version()).isEqualTo(new Version(2, 0));
        }

        @Test
        void readerEndorsedBeforeAnotherBlockChangedTheKeyConflicts() {
            harness.commit(tx().write("a", "100").envelope());
            Version v = committed("a").orElseThrow().version();
            Envelope late = tx().read("a", v).write("a", "50").envelope();

            assertThat(harness.commit(tx().read("a", v).write("a", "70").envelope())).containsExactly(VALID);
            assertThat(harness.commit(late)).containsExactly(MVCC_READ_CONFLICT);
            assertThat(value("a")).isEqualTo("70");
        }

        @Test
        void readOfAnAbsentKeyConflictsOnceTheKeyWasCreated() {
            Envelope sawAbsent = tx().read("new", null).write("new", "mine").envelope();
            harness.commit(tx().write("new", "theirs").envelope());

            assertThat(harness.commit(sawAbsent)).containsExactly(MVCC_READ_CONFLICT);
            assertThat(value("new")).isEqualTo("theirs");
        }

        @Test
        void readOfAnAbsentKeyStaysValidWhileItIsAbsent() {
            assertThat(harness.commit(tx().read("new", null).write("new", "mine").envelope())).containsExactly(VALID);
            assertThat(value("new")).isEqualTo("mine");
        }

        @Test
        void readOfAKeyDeletedSinceConflictsAndAReadOfItAsAbsentIsValid() {
            harness.commit(tx().write("gone", "1").envelope());
            Version v = committed("gone").orElseThrow().version();
            Envelope stale = tx().read("gone", v).write("gone", "2").envelope();
            harness.commit(tx().read("gone", v).delete("gone").envelope());

            assertThat(value("gone")).isNull();
            assertThat(harness.commit(stale)).containsExactly(MVCC_READ_CONFLICT);
            assertThat(harness.commit(tx().read("gone", null).write("gone", "3").envelope())).containsExactly(VALID);
            assertThat(value("gone")).isEqualTo("3");
        }

        @Test
        void readOfAKeyDeletedEarlierInTheSameBlockConflictsEvenWithTheOldVersion() {
            harness.commit(tx().write("k", "1").envelope());
            Version v = committed("k").orElseThrow().version();

            assertThat(harness.commit(tx().delete("k").envelope(), tx().read("k", v).write("other", "x").envelope()))
                    .containsExactly(VALID, MVCC_READ_CONFLICT);
            assertThat(value("other")).isNull();
        }

        @Test
        void blindWritesToTheSameKeyAreBothValidAndTheLastOneWins() {
            assertThat(harness.commit(tx().write("b", "first").envelope(), tx().write("b", "second").envelope()))
                    .containsExactly(VALID, VALID);
            assertThat(value("b")).isEqualTo("second");
            assertThat(committed("b").orElseThrow().version()).isEqualTo(new Version(1, 1));
        }

        @Test
        void anInvalidTransactionWritesNothingAndLeavesNoHistory() {
            harness.commit(tx().write("a", "1").envelope());
            Version v = committed("a").orElseThrow().version();
            harness.commit(tx().read("a", v).write("a", "2").envelope(), tx().read("a", v).write("a", "3").write("z", "9").envelope());

            assertThat(value("z")).isNull();
            try (StateSnapshot s = harness.ledger().snapshot()) {
                assertThat(s.history("basic", "a")).extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                        .containsExactly("2", "1");
                assertThat(s.history("basic", "z")).isEmpty();
            }
        }
    }

    @Nested
    class DuplicateTransactionIds {

        @Test
        void theSameEnvelopeTwiceInOneBlockIsValidOnceThenDuplicate() {
            Envelope once = tx().write("d", "1").envelope();

            assertThat(harness.commit(once, once)).containsExactly(VALID, DUPLICATE_TXID);
            String txId = EndorsedTransaction.txIdOf(once);
            assertThat(harness.ledger().transaction(txId).orElseThrow().code()).isEqualTo(VALID);
            assertThat(harness.ledger().transaction(txId).orElseThrow().txIndex()).isZero();
        }

        @Test
        void aTransactionIdAlreadyCommittedIsADuplicateAndTheIndexKeepsTheFirst() {
            byte[] nonce = new byte[24];
            Signer user = crypto.user("USER1").signer();
            Envelope first = EndorsedTransaction.by(user).endorsedBy(crypto.peerSigner()).nonce(nonce).write("d", "1").envelope();
            Envelope replay = EndorsedTransaction.by(user).endorsedBy(crypto.peerSigner()).nonce(nonce).write("d", "2").envelope();

            assertThat(harness.commit(first)).containsExactly(VALID);
            assertThat(harness.commit(replay)).containsExactly(DUPLICATE_TXID);
            assertThat(value("d")).isEqualTo("1");
            assertThat(harness.ledger().transaction(EndorsedTransaction.txIdOf(first)).orElseThrow().blockNumber()).isEqualTo(1);
        }

        @Test
        void aDuplicateOfAnInvalidTransactionIsStillADuplicate() {
            harness.commit(tx().write("a", "1").envelope());
            Envelope conflicting = tx().read("a", new Version(9, 9)).write("a", "2").envelope();

            assertThat(harness.commit(conflicting)).containsExactly(MVCC_READ_CONFLICT);
            assertThat(harness.commit(conflicting)).containsExactly(DUPLICATE_TXID);
            assertThat(harness.ledger().transaction(EndorsedTransaction.txIdOf(conflicting)).orElseThrow().code())
                    .isEqualTo(MVCC_READ_CONFLICT);
        }
    }
}
