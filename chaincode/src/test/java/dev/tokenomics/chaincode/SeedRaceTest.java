package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.TxOutcome;

/**
 * The seed's race (ten transfers of 800 from a wallet holding 1000) as the chaincode sees it once
 * the ordering service has serialised them: the first succeeds, every later one finds 200 left.
 */
class SeedRaceTest extends LedgerFixture {

    @Test
    void tenTransfersOf800From1000LeaveOneSuccessAndNineInsufficientFunds() {
        aliceHolds1000();
        List<TxOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outcomes.add(submit(ALICE, "Transfer", "w1", "w2", "800"));
        }

        assertThat(outcomes).filteredOn(TxOutcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(9)
                .allSatisfy(o -> {
                    assertThat(o.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
                    assertThat(o.writes()).isEmpty();
                });
        assertThat(balance("w1")).isEqualTo(200);
        assertThat(balance("w2")).isEqualTo(800);
        assertThat(totalSupply()).isEqualTo(1000);
    }
}
