package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static dev.tokenomics.chaincode.state.LedgerKeys.idempotencyRecord;
import static dev.tokenomics.chaincode.state.LedgerKeys.wallet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.state.LedgerKeys;
import dev.tokenomics.chaincode.stub.TxOutcome;
import dev.tokenomics.chaincode.stub.ValidationCode;
import dev.tokenomics.rules.ArgumentRules;

/**
 * ApplyCommands: an envelope of commands in one transaction, evaluated in order on running balances,
 * each with its own outcome, and a malformed envelope refused whole.
 */
class ApplyCommandsTest extends LedgerFixture {

    private static JsonArray outcomes(TxOutcome out) {
        return out.eventJson().getAsJsonArray("commands");
    }

    private static JsonObject outcome(TxOutcome out, int position) {
        return outcomes(out).get(position).getAsJsonObject();
    }

    private static String errorCode(JsonObject outcome) {
        return outcome.getAsJsonObject("error").get("code").getAsString();
    }

    private boolean keyStored(String key) {
        return cc.ledger().get(idempotencyRecord(key)) != null;
    }

    /** BatchTransfers of the most legs a batch may have, as many as make the most movements an envelope may carry. */
    private static String[] fullBatches() {
        String[] batches = new String[ArgumentRules.MAX_ENVELOPE_MOVEMENTS / ArgumentRules.MAX_BATCH_SIZE];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = batchCommand("b" + i, ArgumentRules.MAX_BATCH_SIZE);
        }
        return batches;
    }

    /** Envelopes refused whole: a name, the envelope, the field the rejection names. */
    static Stream<Arguments> malformedEnvelopes() {
        String ok = transferCommand("a", "w1", "w2", 1);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= ArgumentRules.MAX_ENVELOPE_MOVEMENTS; i++) {
            tooMany.add(transferCommand("k" + i, "w1", "w2", 1));
        }
        String tooLarge = "{\"commands\":[" + ok + "],\"padding\":\"" + "x".repeat(ArgumentRules.MAX_ENVELOPE_BYTES) + "\"}";
        return Stream.of(
                Arguments.of("not JSON", "{\"commands\":[", "commandsJson"),
                Arguments.of("empty", "", "commandsJson"),
                Arguments.of("not an object", "[" + ok + "]", "commandsJson"),
                Arguments.of("no list", "{\"cmds\":[" + ok + "]}", "commands"),
                Arguments.of("list is an object", "{\"commands\":" + ok + "}", "commands"),
                Arguments.of("empty list", envelope(), "commands"),
                Arguments.of("too many commands", envelope(tooMany.toArray(new String[0])), "commands"),
                Arguments.of("too many movements", envelope(Stream.concat(Stream.of(fullBatches()), Stream.of(ok)).toArray(String[]::new)), "commands"),
                Arguments.of("too large", tooLarge, "commandsJson"),
                Arguments.of("item not an object", envelope(ok, "\"TRANSFER\""), "commands"),
                Arguments.of("unknown type", envelope(ok, "{\"type\":\"TELEPORT\",\"idempotencyKey\":\"b\"}"), "type"),
                Arguments.of("missing key", envelope(ok, "{\"type\":\"MINT\",\"walletId\":\"w1\",\"amount\":1}"), "idempotencyKey"),
                Arguments.of("invalid key", envelope(ok, supplyCommand("MINT", "has space", "w1", 1)), "idempotencyKey"),
                Arguments.of("key twice", envelope(ok, supplyCommand("MINT", "a", "w1", 1)), "idempotencyKey"));
    }

    @Nested
    class RunningBalances {
        @Test
        void theSeedRaceInOneTransactionAppliesTheFirstAndRejectsNineForInsufficientFunds() {
            aliceHolds1000();
            String[] commands = new String[10];
            for (int i = 0; i < 10; i++) {
                commands[i] = transferCommand("race-" + i, "w1", "w2", 800);
            }
            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(commands));

            assertThat(outcome(out, 0).get("outcome").getAsString()).isEqualTo("APPLIED");
            for (int i = 1; i < 10; i++) {
                JsonObject rejected = outcome(out, i);
                assertThat(rejected.get("position").getAsInt()).isEqualTo(i);
                assertThat(rejected.get("idempotencyKey").getAsString()).isEqualTo("race-" + i);
                assertThat(rejected.get("outcome").getAsString()).isEqualTo("REJECTED");
                assertThat(rejected.get("result").isJsonNull()).isTrue();
                assertThat(errorCode(rejected)).isEqualTo("INSUFFICIENT_FUNDS");
                assertThat(rejected.getAsJsonObject("error").getAsJsonObject("details").get("balance").getAsLong()).isEqualTo(200);
                assertThat(keyStored("race-" + i)).isFalse();
            }
            assertThat(balance("w1")).isEqualTo(200);
            assertThat(balance("w2")).isEqualTo(800);
            assertThat(totalSupply()).isEqualTo(1000);
            // Each touched wallet once with its final balance, and the one applied key.
            assertThat(out.writes().keySet()).containsExactlyInAnyOrder(wallet("w1"), wallet("w2"), idempotencyRecord("race-0"));
        }

        @Test
        void eachCommandSeesTheBalancesAndSupplyTheCommandsBeforeItLeft() {
            aliceHolds1000();
            submit(OPERATOR, "CreateWallet", "w3", BOB.id()).result();
            TxOutcome out = submit(ADMIN, "ApplyCommands", envelope(
                    transferCommand("a", "w1", "w2", 800),
                    transferCommand("b", "w2", "w3", 500),
                    supplyCommand("MINT", "c", "w3", 7),
                    supplyCommand("BURN", "d", "w3", 507)));

            assertThat(outcomes(out)).allSatisfy(o -> assertThat(o.getAsJsonObject().get("outcome").getAsString()).isEqualTo("APPLIED"));
            assertThat(balance("w1")).isEqualTo(200);
            assertThat(balance("w2")).isEqualTo(300);
            assertThat(balance("w3")).isEqualTo(0);
            assertThat(totalSupply()).isEqualTo(1000 + 7 - 507);
            // Each command's result is its single transaction's event on the running state.
            JsonObject mint = outcome(out, 2).getAsJsonObject("result");
            assertThat(mint.get("eventType").getAsString()).isEqualTo("TokensMinted");
            assertThat(mint.get("totalSupply").getAsLong()).isEqualTo(1007);
            assertThat(mint.getAsJsonArray("wallets").get(0).getAsJsonObject().get("balance").getAsLong()).isEqualTo(507);
            JsonObject burn = outcome(out, 3).getAsJsonObject("result");
            assertThat(burn.get("totalSupply").getAsLong()).isEqualTo(500);
            assertThat(burn.get("txId").getAsString()).isEqualTo(out.txId());
            assertThat(out.writes().keySet()).containsExactlyInAnyOrder(wallet("w1"), wallet("w2"), wallet("w3"), LedgerKeys.totalSupply(),
                    idempotencyRecord("a"), idempotencyRecord("b"), idempotencyRecord("c"), idempotencyRecord("d"));
        }

        @Test
        void aBatchTransferIsOneCommandAppliedWholeOrRejectedWhole() {
            aliceHolds1000();
            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(
                    transferCommand("a", "w1", "w2", 950),
                    batchCommand("b", 51),
                    batchCommand("c", 48)));

            assertThat(errorCode(outcome(out, 1))).isEqualTo("INSUFFICIENT_FUNDS");
            JsonObject batch = outcome(out, 2).getAsJsonObject("result");
            assertThat(batch.get("eventType").getAsString()).isEqualTo("BatchTransferCompleted");
            assertThat(batch.getAsJsonArray("movements")).hasSize(48);
            assertThat(balance("w1")).isEqualTo(2);
            assertThat(balance("w2")).isEqualTo(998);
            // The same key and legs as a single BatchTransfer replay it.
            TxOutcome single = submit(OPERATOR, "BatchTransfer", transfers(legs(48)), "c");
            assertThat(single.eventName()).isEqualTo("OperationReplayed");
        }

        @Test
        void fullBatchesFillAnEnvelope() {
            aliceHolds1000();
            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(fullBatches()));
            assertThat(outcomes(out)).hasSize(ArgumentRules.MAX_ENVELOPE_MOVEMENTS / ArgumentRules.MAX_BATCH_SIZE)
                    .allSatisfy(o -> assertThat(o.getAsJsonObject().get("outcome").getAsString()).isEqualTo("APPLIED"));
            assertThat(balance("w2")).isEqualTo(ArgumentRules.MAX_ENVELOPE_MOVEMENTS);
        }

        @Test
        void theEventCarriesEveryOutcomeAndTheResultIsTheEventWithoutEachCommandsResult() {
            aliceHolds1000();
            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(transferCommand("a", "w1", "w2", 1)));

            assertThat(out.eventsSet()).isEqualTo(1);
            assertThat(out.eventName()).isEqualTo("CommandsApplied");
            JsonObject withoutResults = out.eventJson().deepCopy();
            withoutResults.getAsJsonArray("commands").forEach(c -> c.getAsJsonObject().remove("result"));
            assertThat(JsonParser.parseString(out.result())).isEqualTo(withoutResults);
            JsonObject event = out.eventJson();
            assertThat(event.keySet()).containsExactly("schemaVersion", "eventType", "txId", "txTimestamp", "commands");
            assertThat(outcome(out, 0).keySet()).containsExactly("position", "type", "idempotencyKey", "outcome", "result", "error");
            assertThat(outcome(out, 0).get("type").getAsString()).isEqualTo("TRANSFER");
        }
    }

    @Nested
    class MixedOutcomes {
        @Test
        void everyCommandGetsItsOwnCodeAndTheRestApply() {
            aliceHolds1000();
            submit(OPERATOR, "CreateWallet", "w3", BOB.id()).result();
            submit(ADMIN, "FreezeWallet", "w3", "audit").result();
            String stored = submit(OPERATOR, "TransferInternal", "w1", "w2", "10", "PAY", "seed", "done").result();
            submit(ADMIN, "Mint", "w2", "5", "minted").result();

            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(
                    transferCommand("done", "w1", "w2", 10),
                    transferCommand("k-frozen", "w1", "w3", 5),
                    transferCommand("k-unknown", "w1", "nope", 5),
                    transferCommand("minted", "w1", "w2", 5),
                    transferCommand("k-over", "w1", "w2", 5000),
                    supplyCommand("MINT", "k-mint", "w1", 5),
                    transferCommand("k-bad", "w1", "w2", "\"0\""),
                    transferCommand("k-ok", "w1", "w2", 100),
                    "{\"type\":\"BATCH_TRANSFER\",\"idempotencyKey\":\"k-batch\",\"transfers\":\"none\"}"));

            JsonObject replayed = outcome(out, 0);
            assertThat(replayed.get("outcome").getAsString()).isEqualTo("REPLAYED");
            // The stored result as the single transaction returns it on a replay: same fields, same order, same values.
            assertThat(replayed.getAsJsonObject("result").toString()).isEqualTo(JsonParser.parseString(stored).toString());
            assertThat(errorCode(outcome(out, 1))).isEqualTo("WALLET_FROZEN");
            assertThat(errorCode(outcome(out, 2))).isEqualTo("NOT_FOUND");
            assertThat(errorCode(outcome(out, 3))).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(errorCode(outcome(out, 4))).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(errorCode(outcome(out, 5))).isEqualTo("UNAUTHORIZED");
            assertThat(outcome(out, 5).getAsJsonObject("error").getAsJsonObject("details").get("transaction").getAsString())
                    .isEqualTo("Mint");
            assertThat(errorCode(outcome(out, 6))).isEqualTo("INVALID_ARGUMENT");
            assertThat(outcome(out, 6).getAsJsonObject("error").getAsJsonObject("details").get("field").getAsString())
                    .isEqualTo("amount");
            assertThat(outcome(out, 7).get("outcome").getAsString()).isEqualTo("APPLIED");
            assertThat(errorCode(outcome(out, 8))).isEqualTo("INVALID_ARGUMENT");

            assertThat(balance("w1")).isEqualTo(1000 - 10 - 100);
            assertThat(balance("w2")).isEqualTo(10 + 5 + 100);
            assertThat(balance("w3")).isEqualTo(0);
            assertThat(out.writes().keySet()).containsExactlyInAnyOrder(wallet("w1"), wallet("w2"), idempotencyRecord("k-ok"));
            // Every key a command looked at is in the read set; no supply read without a supply change.
            assertThat(out.readKeys()).contains(idempotencyRecord("done"), idempotencyRecord("k-frozen"), idempotencyRecord("k-unknown"),
                    idempotencyRecord("minted"), idempotencyRecord("k-over"), idempotencyRecord("k-mint"), idempotencyRecord("k-ok"),
                    wallet("w1"), wallet("w2"), wallet("w3"), wallet("nope"));
            assertThat(out.readKeys()).doesNotContain(LedgerKeys.totalSupply());
        }

        @Test
        void aRejectedCommandLeavesItsKeyUnusedSoACorrectedRetryApplies() {
            aliceHolds1000();
            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(transferCommand("k", "w1", "w2", 5000)));
            assertThat(errorCode(outcome(out, 0))).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(out.writes()).isEmpty();

            TxOutcome retry = submit(OPERATOR, "ApplyCommands", envelope(transferCommand("k", "w1", "w2", 500)));
            assertThat(outcome(retry, 0).get("outcome").getAsString()).isEqualTo("APPLIED");
            assertThat(balance("w1")).isEqualTo(500);
        }

        @Test
        void aKeyAppliedInAnEnvelopeReplaysAsItsSingleTransactionAndTheEnvelopeReplaysWhole() {
            aliceHolds1000();
            String env = envelope(transferCommand("a", "w1", "w2", 100), supplyCommand("MINT", "m", "w2", 5));
            TxOutcome first = submit(ADMIN, "ApplyCommands", env);

            assertThat(cc.evaluate(BOB, "GetOperation", "a").resultJson().get("txId").getAsString()).isEqualTo(first.txId());
            TxOutcome single = submit(OPERATOR, "TransferInternal", "w1", "w2", "100", "PAY", "seed", "a");
            assertThat(single.eventName()).isEqualTo("OperationReplayed");
            assertThat(single.eventJson().get("originalTxId").getAsString()).isEqualTo(first.txId());
            assertThat(single.resultJson()).isEqualTo(outcome(first, 0).getAsJsonObject("result"));

            TxOutcome again = submit(ADMIN, "ApplyCommands", env);
            assertThat(outcomes(again)).allSatisfy(o -> assertThat(o.getAsJsonObject().get("outcome").getAsString()).isEqualTo("REPLAYED"));
            assertThat(again.writes()).isEmpty();
            assertThat(balance("w1")).isEqualTo(900);
            assertThat(totalSupply()).isEqualTo(1005);
        }

        @Test
        void anEnvelopeAndASingleTransferOfOneBalanceEndorsedTogetherConflict() {
            aliceHolds1000();
            TxOutcome envelope = cc.endorse(OPERATOR, "ApplyCommands", envelope(transferCommand("a", "w1", "w2", 800)));
            TxOutcome single = cc.endorse(OPERATOR, "TransferInternal", "w1", "w2", "800", "PAY", "", "b");

            assertThat(cc.validateAndCommit(single)).isEqualTo(ValidationCode.VALID);
            assertThat(cc.validateAndCommit(envelope)).isEqualTo(ValidationCode.MVCC_READ_CONFLICT);
            assertThat(balance("w1")).isEqualTo(200);
        }
    }

    @Nested
    class MalformedEnvelopes {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tokenomics.chaincode.ApplyCommandsTest#malformedEnvelopes")
        void isRejectedWholeAndWritesNothing(String name, String commandsJson, String field) {
            aliceHolds1000();
            TxOutcome out = submit(ADMIN, "ApplyCommands", commandsJson);

            assertThat(out.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(out.errorPayload().getAsJsonObject("details").get("field").getAsString()).isEqualTo(field);
            assertThat(out.writes()).isEmpty();
            assertThat(out.eventsSet()).isZero();
            assertThat(balance("w1")).isEqualTo(1000);
        }

        @Test
        void aKeyRepeatedInsideOneEnvelopeRejectsItWholeBeforeAnyRead() {
            aliceHolds1000();
            TxOutcome out = submit(OPERATOR, "ApplyCommands", envelope(
                    transferCommand("a", "w1", "w2", 1), transferCommand("b", "w1", "w2", 1), transferCommand("a", "w1", "w2", 1)));

            assertThat(out.chaincodeException().getMessage())
                    .isEqualTo("INVALID_ARGUMENT: commands[2] repeats idempotency key a of an earlier command of the envelope");
            JsonObject details = out.errorPayload().getAsJsonObject("details");
            assertThat(details.get("position").getAsInt()).isEqualTo(2);
            assertThat(details.get("idempotencyKey").getAsString()).isEqualTo("a");
            // Reads happen only after the envelope is accepted: nothing of the ledger was looked at.
            assertThat(out.readKeys()).isEmpty();
        }

        @Test
        void aFullEnvelopeOfTheLongestFieldsFitsTheByteBound() {
            aliceHolds1000();
            String[] commands = new String[ArgumentRules.MAX_ENVELOPE_MOVEMENTS];
            for (int i = 0; i < commands.length; i++) {
                String key = String.format("%03d", i) + "k".repeat(ArgumentRules.MAX_KEY_LENGTH - 3);
                JsonObject command = new JsonObject();
                command.addProperty("type", "TRANSFER");
                command.addProperty("idempotencyKey", key);
                command.addProperty("fromId", "f".repeat(ArgumentRules.MAX_ID_LENGTH));
                command.addProperty("toId", "t".repeat(ArgumentRules.MAX_ID_LENGTH));
                command.addProperty("amount", ArgumentRules.MAX_AMOUNT);
                command.addProperty("txType", "T".repeat(ArgumentRules.MAX_TX_TYPE_LENGTH));
                // Three UTF-8 bytes per character: the longest a remark can be written without escapes.
                command.addProperty("remark", "€".repeat(ArgumentRules.MAX_TEXT_LENGTH));
                commands[i] = command.toString();
            }
            TxOutcome out = submit(ADMIN, "ApplyCommands", envelope(commands));

            assertThat(outcomes(out)).hasSize(ArgumentRules.MAX_ENVELOPE_MOVEMENTS)
                    .allSatisfy(o -> assertThat(errorCode(o.getAsJsonObject())).isEqualTo("NOT_FOUND"));
        }
    }
}
