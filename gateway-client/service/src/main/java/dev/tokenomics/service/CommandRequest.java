package dev.tokenomics.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.outbox.NewCommand;
import java.io.IOException;
import java.io.StringReader;

/**
 * The body of {@code POST /v1/commands}: {@code {"type": "TRANSFER", "payload": {...}, "orderingKey": "..."}}.
 * Only the envelope is checked here (strict JSON, the members' JSON types); what the payload may hold
 * is the outbox's rule, applied by {@code Outbox.enqueue}. The payload travels as its JSON text, numbers
 * in the form the client wrote them, so the outbox judges exactly what was sent.
 */
record CommandRequest(String type, String payloadJson, String orderingKey) {

    static CommandRequest parse(String body) {
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("content after the JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw ProblemException.badRequest(InvalidCommandException.Reason.MALFORMED_PAYLOAD.name(), null,
                    "the body is not one strict JSON object (RFC 8259): " + firstLine(e.getMessage()));
        }
        if (!root.isJsonObject()) {
            throw ProblemException.badRequest(InvalidCommandException.Reason.MALFORMED_PAYLOAD.name(), null, "the body must be a JSON object");
        }
        JsonObject object = root.getAsJsonObject();
        return new CommandRequest(text(object, "type"), payload(object), text(object, "orderingKey"));
    }

    NewCommand toCommand(String tenantId, String idempotencyKey) {
        return new NewCommand(tenantId, type, payloadJson, idempotencyKey, orderingKey);
    }

    private static String text(JsonObject object, String member) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ProblemException.badRequest(InvalidCommandException.Reason.INVALID_ARGUMENT.name(), member, member + " must be a string");
        }
        return value.getAsString();
    }

    private static String payload(JsonObject object) {
        JsonElement value = object.get("payload");
        if (value == null || !value.isJsonObject()) {
            throw ProblemException.badRequest(InvalidCommandException.Reason.MALFORMED_PAYLOAD.name(), "payload", "payload must be a JSON object");
        }
        return value.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
