package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenomics.chaincode.stub.TxOutcome;
import dev.tokenomics.chaincode.stub.ValidationCode;

/**
 * Fabric's real concurrency: transactions are endorsed on the same committed state and only then
 * ordered and validated. Every one of these endorsements succeeds on its own; the read set is what
 * makes all but the first conflicting one invalid at commit.
 */
class ConcurrentEndorsementTest extends LedgerFixture {

    @Test
    void tenConcurrentTransfersOf800From1000CommitExactlyOne() {
        aliceHolds1000();
        List<TxOutcome> endorsed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            endorsed.add(cc.endorse(ALICE, "Transfer", "w1", "w2", "800"));
        }
        assertThat(endorsed).allMatch(TxOutcome::succeeded);

        List<ValidationCode> codes = new ArrayList<>();
        endorsed.forEach(tx -> codes.add(cc.validateAndCommit(tx)));

        assertThat(codes).containsExactly(ValidationCode.VALID, ValidationCode.MVCC_READ_CONFLICT, ValidationCode.MVCC_READ_CONFLICT,
                ValidationCode.MVCC_READ_CONFLICT, ValidationCode.MVCC_READ_CONFLICT, ValidationCode.MVCC_READ_CONFLICT,
                ValidationCode.MVCC_READ_CONFLICT, ValidationCode.MVCC_READ_CONFLICT, ValidationCode.MVCC_READ_CONFLICT,
                ValidationCode.MVCC_READ_CONFLICT);
        assertThat(balance("w1")).isEqualTo(200);
        assertThat(balance("w2")).isEqualTo(800);
        assertThat(totalSupply()).isEqualTo(1000);
    }

    @Test
    void concurrentDuplicatesOfOneIdempotentCommandApplyOnceAndTheRetryIsAReplay() {
        aliceHolds1000();
        TxOutcome first = cc.endorse(OPERATOR, "TransferInternal", "w1", "w2", "300", "PAY", "", "cmd-1");
        TxOutcome duplicate = cc.endorse(OPERATOR, "TransferInternal", "w1", "w2", "300", "PAY", "", "cmd-1");

        assertThat(cc.validateAndCommit(first)).isEqualTo(ValidationCode.VALID);
        assertThat(cc.validateAndCommit(duplicate)).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);

        // The submitter retries the invalidated duplicate: it now sees the key and replays.
        TxOutcome retry = cc.endorse(OPERATOR, "TransferInternal", "w1", "w2", "300", "PAY", "", "cmd-1");
        assertThat(retry.eventName()).isEqualTo("OperationReplayed");
        assertThat(cc.validateAndCommit(retry)).isEqualTo(ValidationCode.VALID);
        assertThat(balance("w2")).isEqualTo(300);
    }

    @Test
    void concurrentFirstUsesOfOneKeyOnDisjointWalletsStillConflict() {
        aliceHolds1000();
        submit(OPERATOR, "CreateWallet", "w3", BOB.id()).result();
        submit(ADMIN, "Mint", "w3", "50", "fund-w3").result();
        TxOutcome a = cc.endorse(OPERATOR, "TransferInternal", "w1", "w2", "1", "PAY", "", "shared");
        TxOutcome b = cc.endorse(OPERATOR, "TransferInternal", "w3", "w2", "1", "PAY", "", "shared");

        assertThat(cc.validateAndCommit(a)).isEqualTo(ValidationCode.VALID);
        assertThat(cc.validateAndCommit(b)).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
        assertThat(balance("w3")).isEqualTo(50);
    }

    @Test
    void concurrentGenesesCommitOnce() {
        initialize();
        TxOutcome a = cc.endorse(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 1000));
        TxOutcome b = cc.endorse(ADMIN, "DistributeGenesis", allocations(BOB, "w2", 1000));

        assertThat(cc.validateAndCommit(a)).isEqualTo(ValidationCode.VALID);
        assertThat(cc.validateAndCommit(b)).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
        assertThat(totalSupply()).isEqualTo(1000);
    }

    @Test
    void transfersBetweenDisjointWalletsDoNotConflictWithEachOtherOrWithMints() {
        aliceHolds1000();
        submit(OPERATOR, "CreateWallet", "w3", BOB.id()).result();
        submit(OPERATOR, "CreateWallet", "w4", BOB.id()).result();
        submit(ADMIN, "Mint", "w3", "100", "fund-w3").result();
        TxOutcome t1 = cc.endorse(ALICE, "Transfer", "w1", "w2", "10");
        TxOutcome t2 = cc.endorse(BOB, "Transfer", "w3", "w4", "10");
        TxOutcome mint = cc.endorse(ADMIN, "Mint", "w1", "5", "m-5");

        assertThat(cc.validateAndCommit(mint)).isEqualTo(ValidationCode.VALID);
        assertThat(cc.validateAndCommit(t2)).isEqualTo(ValidationCode.VALID);
        // t1 read w1, which the mint changed: conflict is correct (its balance check is stale).
        assertThat(cc.validateAndCommit(t1)).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
        assertThat(balance("w1") + balance("w2") + balance("w3") + balance("w4")).isEqualTo(totalSupply());
    }
}
