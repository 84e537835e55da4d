package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.ChaincodeHarness;
import dev.tokenomics.chaincode.stub.TxOutcome;

/** What clients and the projector depend on byte for byte: names, event payloads, error shapes. */
class WireContractTest extends LedgerFixture {

    @Nested
    class TransactionNames {
        @Test
        void contractExposesExactlyTheAgreedNames() {
            assertThat(ChaincodeHarness.transactionNames()).containsExactlyInAnyOrder(
                    "Initialize", "DistributeGenesis", "CreateWallet", "Mint", "Burn", "Transfer", "TransferInternal",
                    "BatchTransfer", "ApplyCommands", "FreezeWallet", "UnfreezeWallet", "GetWallet", "GetBalance", "GetTotalSupply",
                    "IsOperationProcessed", "GetOperation", "GetWalletHistory", "ListWallets");
        }
    }

    @Nested
    class EventPayload {
        @Test
        void transferEventHasEveryFieldInTheAgreedOrder() {
            aliceHolds1000();
            TxOutcome out = cc.simulate(ALICE, "abc123", Instant.parse("2026-11-23T21:25:28.123456Z"), "Transfer", "w1", "w2", "800");

            assertThat(out.eventPayload()).isEqualTo("{\"schemaVersion\":1,\"eventType\":\"TransferCompleted\",\"txId\":\"abc123\","
                    + "\"txTimestamp\":\"2026-11-23T21:25:28.123Z\",\"idempotencyKey\":null,\"txType\":\"TRANSFER\",\"remark\":null,"
                    + "\"movements\":[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":800}],"
                    + "\"wallets\":[{\"walletId\":\"w1\",\"owner\":\"" + ALICE.id() + "\",\"balance\":200,\"status\":\"ACTIVE\"},"
                    + "{\"walletId\":\"w2\",\"owner\":\"" + BOB.id() + "\",\"balance\":800,\"status\":\"ACTIVE\"}],"
                    + "\"totalSupply\":null,\"reason\":null,\"originalTxId\":null}");
        }

        @Test
        void replayEventCarriesTheOriginalContentWithItsOwnTxIdAndTheOriginalTxId() {
            aliceHolds1000();
            TxOutcome first = submit(OPERATOR, "TransferInternal", "w1", "w2", "100", "FEE", "monthly", "k-fee");
            TxOutcome replay = cc.simulate(OPERATOR, "again", Instant.parse("2026-11-24T00:00:00Z"),
                    "TransferInternal", "w1", "w2", "100", "FEE", "monthly", "k-fee");

            JsonObject event = replay.eventJson();
            assertThat(replay.eventName()).isEqualTo("OperationReplayed");
            assertThat(event.keySet()).containsExactly("schemaVersion", "eventType", "txId", "txTimestamp", "idempotencyKey",
                    "txType", "remark", "movements", "wallets", "totalSupply", "reason", "originalTxId");
            assertThat(event.get("eventType").getAsString()).isEqualTo("OperationReplayed");
            assertThat(event.get("txId").getAsString()).isEqualTo("again");
            assertThat(event.get("txTimestamp").getAsString()).isEqualTo("2026-11-24T00:00:00.000Z");
            assertThat(event.get("txType").getAsString()).isEqualTo("FEE");
            assertThat(event.get("remark").getAsString()).isEqualTo("monthly");
            assertThat(event.get("originalTxId").getAsString()).isEqualTo(first.txId());
            assertThat(event.getAsJsonArray("wallets")).isEqualTo(first.eventJson().getAsJsonArray("wallets"));
            assertThat(replay.result()).isEqualTo(first.result());
        }
        @Test
        void commandsAppliedEventCarriesEachOutcomeInTheAgreedOrder() {
            aliceHolds1000();
            TxOutcome out = cc.simulate(OPERATOR, "abc123", Instant.parse("2026-11-23T21:25:28.123456Z"), "ApplyCommands",
                    envelope(transferCommand("t1:k1", "w1", "w2", 800), transferCommand("t1:k2", "w1", "w2", 800)));

            assertThat(out.eventName()).isEqualTo("CommandsApplied");
            assertThat(out.eventPayload()).isEqualTo("{\"schemaVersion\":1,\"eventType\":\"CommandsApplied\",\"txId\":\"abc123\","
                    + "\"txTimestamp\":\"2026-11-23T21:25:28.123Z\",\"commands\":["
                    + "{\"position\":0,\"type\":\"TRANSFER\",\"idempotencyKey\":\"t1:k1\",\"outcome\":\"APPLIED\","
                    + "\"result\":{\"schemaVersion\":1,\"eventType\":\"InternalTransferEvent\",\"txId\":\"abc123\","
                    + "\"txTimestamp\":\"2026-11-23T21:25:28.123Z\",\"idempotencyKey\":\"t1:k1\",\"txType\":\"PAY\",\"remark\":\"seed\","
                    + "\"movements\":[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":800}],"
                    + "\"wallets\":[{\"walletId\":\"w1\",\"owner\":\"" + ALICE.id() + "\",\"balance\":200,\"status\":\"ACTIVE\"},"
                    + "{\"walletId\":\"w2\",\"owner\":\"" + BOB.id() + "\",\"balance\":800,\"status\":\"ACTIVE\"}],"
                    + "\"totalSupply\":null,\"reason\":null,\"originalTxId\":null},\"error\":null},"
                    + "{\"position\":1,\"type\":\"TRANSFER\",\"idempotencyKey\":\"t1:k2\",\"outcome\":\"REJECTED\",\"result\":null,"
                    + "\"error\":{\"code\":\"INSUFFICIENT_FUNDS\",\"message\":\"wallet w1 holds 200, needs 800\","
                    + "\"details\":{\"amount\":800,\"balance\":200,\"walletId\":\"w1\"}}}]}");
            assertThat(out.result()).isEqualTo("{\"schemaVersion\":1,\"eventType\":\"CommandsApplied\",\"txId\":\"abc123\","
                    + "\"txTimestamp\":\"2026-11-23T21:25:28.123Z\",\"commands\":["
                    + "{\"position\":0,\"type\":\"TRANSFER\",\"idempotencyKey\":\"t1:k1\",\"outcome\":\"APPLIED\",\"error\":null},"
                    + "{\"position\":1,\"type\":\"TRANSFER\",\"idempotencyKey\":\"t1:k2\",\"outcome\":\"REJECTED\","
                    + "\"error\":{\"code\":\"INSUFFICIENT_FUNDS\",\"message\":\"wallet w1 holds 200, needs 800\","
                    + "\"details\":{\"amount\":800,\"balance\":200,\"walletId\":\"w1\"}}}]}");
        }
    }

    @Nested
    class ErrorShape {
        @Test
        void messageStartsWithTheCodeAndPayloadIsCodeMessageDetails() {
            aliceHolds1000();
            TxOutcome out = submit(BOB, "FreezeWallet", "w1", "x");

            assertThat(out.chaincodeException().getMessage()).isEqualTo("UNAUTHORIZED: FreezeWallet requires the admin role");
            JsonObject payload = out.errorPayload();
            assertThat(payload.keySet()).containsExactly("code", "message", "details");
            assertThat(payload.get("code").getAsString()).isEqualTo("UNAUTHORIZED");
            assertThat(payload.get("message").getAsString()).isEqualTo("FreezeWallet requires the admin role");
            assertThat(payload.getAsJsonObject("details").keySet()).containsExactly("callerId", "mspId", "required", "transaction");
        }

        /** The shared argument rules (dev.tokenomics.rules) reach the wire as INVALID_ARGUMENT with their message and details. */
        @Test
        void aBrokenArgumentRuleIsInvalidArgumentWithTheFieldInItsDetails() {
            aliceHolds1000();
            TxOutcome amount = submit(ALICE, "Transfer", "w1", "w2", "1000000000000000001");
            assertThat(amount.chaincodeException().getMessage()).isEqualTo("INVALID_ARGUMENT: amount exceeds the maximum amount 1000000000000000000");
            assertThat(amount.errorPayload().toString()).isEqualTo("{\"code\":\"INVALID_ARGUMENT\",\"message\":\"amount exceeds the maximum amount "
                    + "1000000000000000000\",\"details\":{\"field\":\"amount\",\"value\":\"1000000000000000001\"}}");

            TxOutcome sameWallet = submit(ALICE, "Transfer", "w1", "w1", "1");
            assertThat(sameWallet.errorPayload().toString()).isEqualTo("{\"code\":\"INVALID_ARGUMENT\",\"message\":\"fromId and toId must be "
                    + "different wallets\",\"details\":{\"field\":\"toId\",\"walletId\":\"w1\"}}");

            TxOutcome noReason = submit(ADMIN, "FreezeWallet", "w1", "");
            assertThat(noReason.errorPayload().toString()).isEqualTo("{\"code\":\"INVALID_ARGUMENT\",\"message\":\"reason is required\","
                    + "\"details\":{\"field\":\"reason\",\"value\":\"\"}}");

            StringBuilder legs = new StringBuilder("{\"transfers\":[");
            for (int i = 0; i < 101; i++) {
                legs.append(i == 0 ? "" : ",").append("{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":1}");
            }
            TxOutcome batch = submit(OPERATOR, "BatchTransfer", legs.append("]}").toString(), "b-101");
            assertThat(batch.errorPayload().toString()).isEqualTo("{\"code\":\"INVALID_ARGUMENT\",\"message\":\"transfers must hold 1 to 100 "
                    + "items\",\"details\":{\"field\":\"transfers\",\"size\":101}}");
        }

        @Test
        void everyErrorCodeIsReachable() {
            Set<ErrorCode> seen = EnumSet.noneOf(ErrorCode.class);
            seen.add(submit(ADMIN, "Transfer", "w1", "w2", "1").code()); // NOT_FOUND before genesis
            seen.add(submit(ADMIN, "Initialize", "{}").code());
            initialize();
            seen.add(submit(ADMIN, "Initialize", CONFIG).code());
            submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 1000)).result();
            seen.add(submit(ADMIN, "DistributeGenesis", allocations(BOB, "w2", 1)).code());
            submit(OPERATOR, "CreateWallet", "w2", BOB.id()).result();
            seen.add(submit(OPERATOR, "CreateWallet", "w2", ALICE.id()).code());
            seen.add(submit(ALICE, "Transfer", "w1", "w2", "1001").code());
            seen.add(submit(BOB, "Transfer", "w1", "w2", "1").code());
            submit(OPERATOR, "TransferInternal", "w1", "w2", "1", "PAY", "", "k").result();
            seen.add(submit(OPERATOR, "TransferInternal", "w1", "w2", "2", "PAY", "", "k").code());
            submit(ADMIN, "FreezeWallet", "w2", "audit").result();
            seen.add(submit(ALICE, "Transfer", "w1", "w2", "1").code());

            assertThat(seen).isEqualTo(EnumSet.allOf(ErrorCode.class));
        }
    }
}
