package dev.tokenomics.client.outbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;

/**
 * Each command's outcome in an ApplyCommands result (the endorsement's return value: its
 * CommandsApplied event without each command's {@code result}; a chaincode before that change
 * returned the whole event, which reads the same here), by position. It is the ledger's answer
 * only once the transaction committed VALID: an invalid transaction applied nothing, whatever its
 * endorsement said.
 */
final class EnvelopeResult {
    /** APPLIED or REPLAYED: the key holds this command's request; REJECTED: nothing written, {@code code} says why. */
    record Outcome(String outcome, String code, String message) {
        boolean rejected() {
            return "REJECTED".equals(outcome);
        }
    }

    private final Map<Integer, Outcome> byPosition = new HashMap<>();

    private EnvelopeResult() {
    }

    static EnvelopeResult parse(String json) {
        EnvelopeResult result = new EnvelopeResult();
        for (JsonElement element : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("commands")) {
            JsonObject command = element.getAsJsonObject();
            JsonElement error = command.get("error");
            String code = null;
            String message = null;
            if (error != null && error.isJsonObject()) {
                code = error.getAsJsonObject().get("code").getAsString();
                JsonElement text = error.getAsJsonObject().get("message");
                message = text == null || text.isJsonNull() ? code : text.getAsString();
            }
            result.byPosition.put(command.get("position").getAsInt(), new Outcome(command.get("outcome").getAsString(), code, message));
        }
        return result;
    }

    /** The outcome at {@code position}; throws if the result does not name it (a chaincode that does not match the client). */
    Outcome at(int position) {
        Outcome outcome = byPosition.get(position);
        if (outcome == null) {
            throw new IllegalStateException("ApplyCommands result has no command at position " + position);
        }
        return outcome;
    }
}
