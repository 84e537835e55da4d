package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static dev.tokenomics.chaincode.identity.Identities.ORG2_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.TxOutcome;

class SupplyChangesTest extends LedgerFixture {

    @BeforeEach
    void ledger() {
        aliceHolds1000();
    }

    @Nested
    class Mint {
        @Test
        void creditsTheWalletAndTheSupply() {
            TxOutcome out = submit(ADMIN, "Mint", "w2", "500", "m-1");

            assertThat(balance("w2")).isEqualTo(500);
            assertThat(totalSupply()).isEqualTo(1500);
            assertThat(out.eventName()).isEqualTo("TokensMinted");
            JsonObject event = out.eventJson();
            assertThat(event.get("txType").getAsString()).isEqualTo("MINT");
            assertThat(event.getAsJsonArray("movements").toString()).isEqualTo("[{\"fromId\":null,\"toId\":\"w2\",\"amount\":500}]");
            assertThat(event.get("totalSupply").getAsLong()).isEqualTo(1500);
            assertThat(event.get("idempotencyKey").getAsString()).isEqualTo("m-1");
        }

        @Test
        void repeatIsReplayedOnce() {
            TxOutcome first = submit(ORG2_ADMIN, "Mint", "w2", "500", "m-1");
            TxOutcome again = submit(ORG2_ADMIN, "Mint", "w2", "500", "m-1");
            assertThat(again.result()).isEqualTo(first.result());
            assertThat(again.eventName()).isEqualTo("OperationReplayed");
            assertThat(again.eventJson().get("totalSupply").getAsLong()).isEqualTo(1500);
            assertThat(totalSupply()).isEqualTo(1500);
        }

        @Test
        void sameKeyForAnotherOperationIsReused() {
            submit(ADMIN, "Mint", "w2", "500", "k").result();
            assertThat(submit(ADMIN, "Burn", "w2", "500", "k").code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            assertThat(submit(OPERATOR, "TransferInternal", "w1", "w2", "1", "PAY", "", "k").code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        }

        @Test
        void operatorIsUnauthorizedAndFrozenWalletRejected() {
            assertThat(submit(OPERATOR, "Mint", "w2", "5", "m-2").code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            submit(ADMIN, "FreezeWallet", "w2", "audit").result();
            assertThat(submit(ADMIN, "Mint", "w2", "5", "m-2").code()).isEqualTo(ErrorCode.WALLET_FROZEN);
            assertThat(submit(ADMIN, "Mint", "w404", "5", "m-2").code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(totalSupply()).isEqualTo(1000);
        }

        @Test
        void supplyOverflowIsInvalid() {
            for (int i = 0; i < 9; i++) {
                submit(ADMIN, "Mint", "w2", "1000000000000000000", "fill-" + i).result();
            }
            TxOutcome out = submit(ADMIN, "Mint", "w1", "1000000000000000000", "too-much");
            assertThat(out.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(out.writes()).isEmpty();
            assertThat(balance("w1")).isEqualTo(1000);
        }
    }

    @Nested
    class Burn {
        @Test
        void debitsTheWalletAndTheSupply() {
            TxOutcome out = submit(ADMIN, "Burn", "w1", "400", "b-1");

            assertThat(balance("w1")).isEqualTo(600);
            assertThat(totalSupply()).isEqualTo(600);
            assertThat(out.eventName()).isEqualTo("TokensBurned");
            assertThat(out.eventJson().getAsJsonArray("movements").toString()).isEqualTo("[{\"fromId\":\"w1\",\"toId\":null,\"amount\":400}]");
            assertThat(out.eventJson().get("txType").getAsString()).isEqualTo("BURN");
        }

        @Test
        void moreThanTheBalanceIsInsufficientFunds() {
            assertThat(submit(ADMIN, "Burn", "w1", "1001", "b-2").code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
            assertThat(totalSupply()).isEqualTo(1000);
        }

        @Test
        void repeatIsReplayedAndOwnerIsUnauthorized() {
            submit(ADMIN, "Burn", "w1", "1", "b-3").result();
            assertThat(submit(ADMIN, "Burn", "w1", "1", "b-3").eventName()).isEqualTo("OperationReplayed");
            assertThat(submit(ALICE, "Burn", "w1", "1", "b-4").code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(balance("w1")).isEqualTo(999);
        }
    }
}
