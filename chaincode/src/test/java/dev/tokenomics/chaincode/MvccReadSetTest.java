package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static dev.tokenomics.chaincode.state.LedgerKeys.genesisMinted;
import static dev.tokenomics.chaincode.state.LedgerKeys.idempotencyRecord;
import static dev.tokenomics.chaincode.state.LedgerKeys.wallet;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tokenomics.chaincode.state.LedgerKeys;
import dev.tokenomics.chaincode.stub.TxOutcome;

/**
 * Fabric invalidates a transaction at commit when a key in its read set changed after it was
 * simulated. These tests pin down that every transaction reads exactly the keys whose concurrent
 * change must invalidate it, so two conflicting transactions can never both commit.
 */
class MvccReadSetTest extends LedgerFixture {

    /** Keys both read by one and written by the other: the overlap that makes MVCC reject the later one. */
    private static Set<String> conflicts(TxOutcome reader, TxOutcome writer) {
        Set<String> overlap = new HashSet<>(reader.readKeys());
        overlap.retainAll(writer.writes().keySet());
        return overlap;
    }

    @Test
    void transferReadsBothWalletsAndWritesBoth() {
        aliceHolds1000();
        TxOutcome out = submit(ALICE, "Transfer", "w1", "w2", "1");
        assertThat(out.readKeys()).contains(wallet("w1"), wallet("w2"));
        assertThat(out.writes().keySet()).containsExactly(wallet("w1"), wallet("w2"));
        // Not the supply: transfers do not change it and must not conflict with mints.
        assertThat(out.readKeys()).doesNotContain(LedgerKeys.totalSupply());
    }

    @Test
    void twoTransfersFromOneWalletSimulatedOnTheSameStateConflict() {
        aliceHolds1000();
        TxOutcome a = cc.simulate(ALICE, "txA", Instant.EPOCH, "Transfer", "w1", "w2", "800");
        TxOutcome b = cc.simulate(ALICE, "txB", Instant.EPOCH, "Transfer", "w1", "w2", "800");
        assertThat(a.succeeded()).isTrue();
        assertThat(b.succeeded()).isTrue();
        assertThat(conflicts(b, a)).contains(wallet("w1"), wallet("w2"));
    }

    @Test
    void transferInternalReadsItsIdempotencyKeyFirstThenTheWallets() {
        aliceHolds1000();
        TxOutcome out = submit(OPERATOR, "TransferInternal", "w1", "w2", "1", "PAY", "", "k-1");
        assertThat(out.readKeys()).first().isEqualTo(idempotencyRecord("k-1"));
        assertThat(out.readKeys()).contains(wallet("w1"), wallet("w2"));
        assertThat(out.writes()).containsKey(idempotencyRecord("k-1"));
    }

    @Test
    void twoFirstUsesOfOneKeyConflictEvenOnDisjointWallets() {
        aliceHolds1000();
        submit(ADMIN, "Mint", "w2", "100", "fund-w2").result();
        TxOutcome a = cc.simulate(OPERATOR, "txA", Instant.EPOCH, "TransferInternal", "w1", "w2", "1", "PAY", "", "dup");
        TxOutcome b = cc.simulate(OPERATOR, "txB", Instant.EPOCH, "TransferInternal", "w1", "w2", "1", "PAY", "", "dup");
        assertThat(conflicts(b, a)).contains(idempotencyRecord("dup"));
    }

    @Test
    void everyIdempotentCallReadsItsKeyBeforeAnythingElse() {
        aliceHolds1000();
        TxOutcome mint = submit(ADMIN, "Mint", "w2", "5", "m");
        TxOutcome burn = submit(ADMIN, "Burn", "w2", "5", "b");
        TxOutcome batch = submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "5"), "t");
        TxOutcome replay = submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "5"), "t");

        assertThat(mint.readKeys()).first().isEqualTo(idempotencyRecord("m"));
        assertThat(mint.readKeys()).contains(wallet("w2"), LedgerKeys.totalSupply());
        assertThat(burn.readKeys()).first().isEqualTo(idempotencyRecord("b"));
        assertThat(burn.readKeys()).contains(wallet("w2"), LedgerKeys.totalSupply());
        assertThat(batch.readKeys()).first().isEqualTo(idempotencyRecord("t"));
        assertThat(batch.readKeys()).contains(wallet("w1"), wallet("w2"));
        assertThat(replay.readKeys()).first().isEqualTo(idempotencyRecord("t"));
        assertThat(replay.writes()).isEmpty();
    }

    @Test
    void concurrentMintsConflictOnTheSupply() {
        aliceHolds1000();
        TxOutcome a = cc.simulate(ADMIN, "txA", Instant.EPOCH, "Mint", "w1", "1", "m-a");
        TxOutcome b = cc.simulate(ADMIN, "txB", Instant.EPOCH, "Mint", "w2", "1", "m-b");
        assertThat(conflicts(b, a)).containsExactly(LedgerKeys.totalSupply());
    }

    @Test
    void distributeGenesisReadsItsFlagSoTwoGenesesConflict() {
        initialize();
        TxOutcome a = cc.simulate(ADMIN, "txA", Instant.EPOCH, "DistributeGenesis", allocations(ALICE, "w1", 10));
        TxOutcome b = cc.simulate(ADMIN, "txB", Instant.EPOCH, "DistributeGenesis", allocations(ALICE, "w9", 10));
        assertThat(a.readKeys()).first().isEqualTo(genesisMinted());
        assertThat(a.writes()).containsKey(genesisMinted());
        assertThat(conflicts(b, a)).contains(genesisMinted(), LedgerKeys.totalSupply());
    }
}
