package dev.tokenomics.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.tokenomics.client.contract.SubmitResult;

/**
 * What {@code invoke} prints for a committed transaction: the chaincode's answer on stdout, one
 * status line on stderr. A transaction whose idempotency key was used before changes nothing, and
 * the chaincode answers it with the first transaction's stored result: its {@code txId} is the
 * original's, and its {@code originalTxId} is null because that result is the original's own
 * event (the replay's OperationReplayed event names the original; the answer does not). Printed
 * as it came, a replay showed a new transaction id beside the original's and
 * {@code "originalTxId": null}; so a replay, recognised by an answer whose txId is not this
 * transaction's, is printed as one, naming the original transaction.
 */
record InvokeOutput(String result, String status) {

    static InvokeOutput of(SubmitResult submitted) {
        String committed = "tx " + submitted.transactionId() + " VALID in block " + submitted.blockNumber();
        JsonObject original = originalResult(submitted);
        if (original == null) {
            return new InvokeOutput(submitted.resultText(), committed);
        }
        String originalTxId = original.get("txId").getAsString();
        JsonElement key = original.get("idempotencyKey");
        String idempotencyKey = key == null || key.isJsonNull() ? null : key.getAsString();
        // Always null in an original's own event: shown, it would read as "no original".
        if (original.has("originalTxId") && original.get("originalTxId").isJsonNull()) {
            original.remove("originalTxId");
        }
        JsonObject replay = new JsonObject();
        replay.addProperty("replayed", true);
        replay.addProperty("idempotencyKey", idempotencyKey);
        replay.addProperty("originalTxId", originalTxId);
        replay.addProperty("replayTxId", submitted.transactionId());
        replay.addProperty("replayBlock", submitted.blockNumber());
        replay.add("originalResult", original);
        return new InvokeOutput(new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(replay),
                committed + ": a replay of idempotency key " + idempotencyKey + ", first applied by tx " + originalTxId
                        + "; it changed nothing, the original's result is printed");
    }

    /** The stored result a replay answers with, or null when the answer is this transaction's own. */
    private static JsonObject originalResult(SubmitResult submitted) {
        try {
            JsonElement answer = JsonParser.parseString(submitted.resultText());
            if (!answer.isJsonObject()) {
                return null;
            }
            JsonElement txId = answer.getAsJsonObject().get("txId");
            boolean another = txId != null && txId.isJsonPrimitive() && !txId.getAsString().equals(submitted.transactionId());
            return another ? answer.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }
}
