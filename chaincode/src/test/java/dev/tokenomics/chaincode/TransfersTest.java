package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static dev.tokenomics.chaincode.identity.Identities.ORG3_BACKEND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.TxOutcome;

class TransfersTest extends LedgerFixture {

    @BeforeEach
    void ledger() {
        aliceHolds1000();
    }

    private void assertRejectedWithoutWrites(TxOutcome outcome, ErrorCode code) {
        NavigableMap<String, byte[]> before = cc.ledger().snapshot();
        assertThat(outcome.code()).isEqualTo(code);
        assertThat(outcome.eventName()).isNull();
        assertThat(cc.ledger().snapshot()).usingRecursiveComparison().isEqualTo(before);
        assertThat(balance("w1") + balance("w2")).isEqualTo(totalSupply());
    }

    @Nested
    class Transfer {
        @Test
        void ownerMovesFundsAndGetsTheTransferEvent() {
            TxOutcome out = submit(ALICE, "Transfer", "w1", "w2", "800");

            assertThat(balance("w1")).isEqualTo(200);
            assertThat(balance("w2")).isEqualTo(800);
            assertThat(totalSupply()).isEqualTo(1000);
            assertThat(out.eventName()).isEqualTo("TransferCompleted");
            assertThat(out.eventsSet()).isEqualTo(1);
            JsonObject event = out.eventJson();
            assertThat(event.get("txType").getAsString()).isEqualTo("TRANSFER");
            assertThat(event.getAsJsonArray("movements").toString()).isEqualTo("[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":800}]");
            assertThat(event.getAsJsonArray("wallets").get(0).getAsJsonObject().get("balance").getAsLong()).isEqualTo(200);
            assertThat(event.get("totalSupply").isJsonNull()).isTrue();
            assertThat(out.result()).isEqualTo(out.eventPayload());
        }

        @Test
        void operatorMayMoveAnyWallet() {
            submit(OPERATOR, "Transfer", "w1", "w2", "1").result();
            submit(ORG3_BACKEND, "Transfer", "w1", "w2", "2").result();
            assertThat(balance("w2")).isEqualTo(3);
        }

        @Test
        void someoneElseIsUnauthorized() {
            TxOutcome out = submit(BOB, "Transfer", "w1", "w2", "1");
            assertRejectedWithoutWrites(out, ErrorCode.UNAUTHORIZED);
            assertThat(out.errorPayload().getAsJsonObject("details").get("callerId").getAsString()).isEqualTo(BOB.id());
        }

        @Test
        void insufficientFundsNamesTheBalanceAndWritesNothing() {
            TxOutcome out = submit(ALICE, "Transfer", "w1", "w2", "1001");
            assertRejectedWithoutWrites(out, ErrorCode.INSUFFICIENT_FUNDS);
            assertThat(out.errorPayload().toString())
                    .isEqualTo("{\"code\":\"INSUFFICIENT_FUNDS\",\"message\":\"wallet w1 holds 1000, needs 1001\","
                            + "\"details\":{\"amount\":1001,\"balance\":1000,\"walletId\":\"w1\"}}");
            assertThat(out.chaincodeException().getMessage()).isEqualTo("INSUFFICIENT_FUNDS: wallet w1 holds 1000, needs 1001");
        }

        @Test
        void unknownWalletIsNotFound() {
            assertRejectedWithoutWrites(submit(ALICE, "Transfer", "w1", "nope", "1"), ErrorCode.NOT_FOUND);
            assertRejectedWithoutWrites(submit(OPERATOR, "Transfer", "nope", "w1", "1"), ErrorCode.NOT_FOUND);
        }

        @Test
        void frozenSenderOrReceiverIsRejected() {
            submit(ADMIN, "FreezeWallet", "w2", "court order").result();
            assertRejectedWithoutWrites(submit(ALICE, "Transfer", "w1", "w2", "1"), ErrorCode.WALLET_FROZEN);
            assertRejectedWithoutWrites(submit(OPERATOR, "Transfer", "w2", "w1", "1"), ErrorCode.WALLET_FROZEN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5", "1.5", "1e3", "+7", "007", "", " 8", "abc", "1000000000000000001", "99999999999999999999"})
        void malformedOrOutOfBoundsAmountIsInvalid(String amount) {
            assertRejectedWithoutWrites(submit(ALICE, "Transfer", "w1", "w2", amount), ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void sameWalletOnBothSidesIsInvalid() {
            assertRejectedWithoutWrites(submit(ALICE, "Transfer", "w1", "w1", "1"), ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void walletIdWithControlCharactersIsInvalid() {
            assertRejectedWithoutWrites(submit(ALICE, "Transfer", "w1", "w\u00002", "1"), ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Nested
    class TransferInternal {
        @Test
        void operatorTransfersWithCallerTypeRemarkAndKey() {
            TxOutcome out = submit(OPERATOR, "TransferInternal", "w1", "w2", "250", "REWARD", "weekly bonus", "k-1");

            assertThat(balance("w1")).isEqualTo(750);
            assertThat(balance("w2")).isEqualTo(250);
            assertThat(out.eventName()).isEqualTo("InternalTransferEvent");
            JsonObject event = out.eventJson();
            assertThat(event.get("txType").getAsString()).isEqualTo("REWARD");
            assertThat(event.get("remark").getAsString()).isEqualTo("weekly bonus");
            assertThat(event.get("idempotencyKey").getAsString()).isEqualTo("k-1");
            assertThat(out.result()).isEqualTo(out.eventPayload());
        }

        @Test
        void repeatWithSameRequestReturnsStoredResultWritesNothingAndReportsReplay() {
            TxOutcome first = submit(OPERATOR, "TransferInternal", "w1", "w2", "250", "REWARD", "", "k-1");
            TxOutcome again = submit(OPERATOR, "TransferInternal", "w1", "w2", "250", "REWARD", "", "k-1");

            assertThat(again.succeeded()).isTrue();
            assertThat(again.result()).isEqualTo(first.result());
            assertThat(again.writes()).isEmpty();
            assertThat(balance("w2")).isEqualTo(250);
            assertThat(again.eventName()).isEqualTo("OperationReplayed");
            JsonObject replay = again.eventJson();
            assertThat(replay.get("txId").getAsString()).isEqualTo(again.txId());
            assertThat(replay.get("originalTxId").getAsString()).isEqualTo(first.txId());
            assertThat(replay.get("idempotencyKey").getAsString()).isEqualTo("k-1");
            assertThat(replay.get("txType").getAsString()).isEqualTo("REWARD");
            assertThat(replay.getAsJsonArray("movements")).isEqualTo(first.eventJson().getAsJsonArray("movements"));
        }

        @Test
        void sameKeyWithDifferentRequestIsRejected() {
            TxOutcome first = submit(OPERATOR, "TransferInternal", "w1", "w2", "250", "REWARD", "", "k-1");
            TxOutcome reuse = submit(OPERATOR, "TransferInternal", "w1", "w2", "251", "REWARD", "", "k-1");

            assertRejectedWithoutWrites(reuse, ErrorCode.IDEMPOTENCY_KEY_REUSED);
            assertThat(reuse.errorPayload().getAsJsonObject("details").get("originalTxId").getAsString()).isEqualTo(first.txId());
            assertThat(balance("w2")).isEqualTo(250);
        }

        @Test
        void ownerWithoutOperatorRoleIsUnauthorized() {
            assertRejectedWithoutWrites(submit(ALICE, "TransferInternal", "w1", "w2", "1", "PAY", "", "k-2"), ErrorCode.UNAUTHORIZED);
        }

        @Test
        void missingKeyOrTypeIsInvalid() {
            assertRejectedWithoutWrites(submit(OPERATOR, "TransferInternal", "w1", "w2", "1", "PAY", "", ""), ErrorCode.INVALID_ARGUMENT);
            assertRejectedWithoutWrites(submit(OPERATOR, "TransferInternal", "w1", "w2", "1", " ", "", "k"), ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void failedAttemptDoesNotConsumeTheKey() {
            assertRejectedWithoutWrites(submit(OPERATOR, "TransferInternal", "w1", "w2", "5000", "PAY", "", "k-3"), ErrorCode.INSUFFICIENT_FUNDS);
            submit(ADMIN, "Mint", "w1", "5000", "top-up").result();
            assertThat(submit(OPERATOR, "TransferInternal", "w1", "w2", "5000", "PAY", "", "k-3").eventName())
                    .isEqualTo("InternalTransferEvent");
            assertThat(balance("w2")).isEqualTo(5000);
        }
    }

    @Nested
    class BatchTransfer {
        @Test
        void appliesAllMovementsInOrderOnRunningBalances() {
            submit(OPERATOR, "CreateWallet", "w3", BOB.id()).result();
            // w2 receives then forwards within one transaction: only correct if the batch works on its own running balances.
            TxOutcome out = submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "600", "w2", "w3", "500", "w1", "w3", "400"), "b-1");

            assertThat(balance("w1")).isZero();
            assertThat(balance("w2")).isEqualTo(100);
            assertThat(balance("w3")).isEqualTo(900);
            assertThat(out.eventName()).isEqualTo("BatchTransferCompleted");
            assertThat(out.eventJson().getAsJsonArray("movements")).hasSize(3);
            assertThat(out.eventJson().getAsJsonArray("wallets").toString()).contains("\"w1\"", "\"w2\"", "\"w3\"");
            assertThat(out.writes()).hasSize(4); // three wallets and the idempotency record
        }

        @Test
        void oneFailingMovementRejectsTheWholeBatch() {
            TxOutcome out = submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "600", "w1", "w2", "600"), "b-2");
            assertRejectedWithoutWrites(out, ErrorCode.INSUFFICIENT_FUNDS);
            assertThat(balance("w1")).isEqualTo(1000);
        }

        @Test
        void repeatIsReplayedAndDifferentBatchUnderSameKeyIsRejected() {
            TxOutcome first = submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "10"), "b-3");
            TxOutcome again = submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "10"), "b-3");
            assertThat(again.result()).isEqualTo(first.result());
            assertThat(again.eventName()).isEqualTo("OperationReplayed");
            assertThat(again.writes()).isEmpty();
            assertRejectedWithoutWrites(submit(OPERATOR, "BatchTransfer", transfers("w1", "w2", "11"), "b-3"), ErrorCode.IDEMPOTENCY_KEY_REUSED);
            assertThat(balance("w2")).isEqualTo(10);
        }

        @Test
        void malformedBatchesAreInvalid() {
            assertRejectedWithoutWrites(submit(OPERATOR, "BatchTransfer", "{\"transfers\":[]}", "b-4"), ErrorCode.INVALID_ARGUMENT);
            assertRejectedWithoutWrites(submit(OPERATOR, "BatchTransfer", "not json", "b-4"), ErrorCode.INVALID_ARGUMENT);
            assertRejectedWithoutWrites(submit(OPERATOR, "BatchTransfer", "{\"transfers\":[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":1.5}]}", "b-4"),
                    ErrorCode.INVALID_ARGUMENT);
            assertRejectedWithoutWrites(submit(OPERATOR, "BatchTransfer", "{\"transfers\":[{\"fromId\":\"w1\",\"toId\":\"w2\"}]}", "b-4"),
                    ErrorCode.INVALID_ARGUMENT);
            assertRejectedWithoutWrites(submit(OPERATOR, "BatchTransfer", "{\"transfers\":[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":1}]} x", "b-4"),
                    ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void ownerAloneMayNotBatch() {
            assertRejectedWithoutWrites(submit(ALICE, "BatchTransfer", transfers("w1", "w2", "1"), "b-5"), ErrorCode.UNAUTHORIZED);
        }
    }
}
