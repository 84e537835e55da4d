package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static dev.tokenomics.chaincode.identity.Identities.ORG3_BACKEND;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.TxOutcome;

class WalletAdministrationTest extends LedgerFixture {

    @BeforeEach
    void ledger() {
        aliceHolds1000();
    }

    @Nested
    class CreateWallet {
        @Test
        void operatorCreatesAnActiveEmptyWallet() {
            TxOutcome out = submit(ORG3_BACKEND, "CreateWallet", "w3", BOB.id());

            assertThat(out.result()).isEqualTo("{\"walletId\":\"w3\",\"owner\":\"" + BOB.id() + "\",\"balance\":0,\"status\":\"ACTIVE\"}");
            assertThat(out.eventName()).isEqualTo("WalletCreated");
            assertThat(out.eventJson().get("txType").getAsString()).isEqualTo("CREATE_WALLET");
            assertThat(balance("w3")).isZero();
        }

        @Test
        void sameCallAgainReturnsTheSameWalletAndWritesNothing() {
            TxOutcome first = submit(OPERATOR, "CreateWallet", "w3", BOB.id());
            TxOutcome again = submit(ADMIN, "CreateWallet", "w3", BOB.id());
            assertThat(again.result()).isEqualTo(first.result());
            assertThat(again.writes()).isEmpty();
            assertThat(again.eventsSet()).isEqualTo(1);
        }

        @Test
        void otherOwnerIsAlreadyExists() {
            assertThat(submit(OPERATOR, "CreateWallet", "w1", BOB.id()).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        }

        @Test
        void userIsUnauthorizedAndBlankOwnerInvalid() {
            assertThat(submit(ALICE, "CreateWallet", "w3", ALICE.id()).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(submit(OPERATOR, "CreateWallet", "w3", "  ").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(submit(OPERATOR, "CreateWallet", "w 3", BOB.id()).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Nested
    class FreezeWallet {
        @Test
        void adminFreezesWithReason() {
            TxOutcome out = submit(ADMIN, "FreezeWallet", "w1", "suspicious activity");
            assertThat(status("w1")).isEqualTo("FROZEN");
            assertThat(out.eventName()).isEqualTo("WalletFrozen");
            assertThat(out.eventJson().get("reason").getAsString()).isEqualTo("suspicious activity");
            assertThat(out.eventJson().get("txType").getAsString()).isEqualTo("FREEZE");
        }

        @Test
        void operatorIsUnauthorizedUnknownWalletNotFoundBlankReasonInvalid() {
            assertThat(submit(OPERATOR, "FreezeWallet", "w1", "x").code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(submit(ADMIN, "FreezeWallet", "w404", "x").code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(submit(ADMIN, "FreezeWallet", "w1", "").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(status("w1")).isEqualTo("ACTIVE");
        }
    }

    @Nested
    class UnfreezeWallet {
        @Test
        void adminUnfreezesAndFundsMoveAgain() {
            submit(ADMIN, "FreezeWallet", "w1", "audit").result();
            TxOutcome out = submit(ADMIN, "UnfreezeWallet", "w1");
            assertThat(out.eventName()).isEqualTo("WalletUnfrozen");
            assertThat(out.eventJson().get("reason").isJsonNull()).isTrue();
            assertThat(status("w1")).isEqualTo("ACTIVE");
            assertThat(submit(ALICE, "Transfer", "w1", "w2", "1").succeeded()).isTrue();
        }

        @Test
        void ownerIsUnauthorized() {
            submit(ADMIN, "FreezeWallet", "w1", "audit").result();
            assertThat(submit(ALICE, "UnfreezeWallet", "w1").code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(status("w1")).isEqualTo("FROZEN");
        }
    }
}
