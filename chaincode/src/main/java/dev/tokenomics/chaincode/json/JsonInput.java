package dev.tokenomics.chaincode.json;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import dev.tokenomics.rules.InvalidArgumentException;

/**
 * Strict reading of JSON arguments and stored values: RFC 8259 only (no comments, no unquoted
 * names, no trailing garbage), and field access that says which field is wrong. A malformed
 * argument is an {@link InvalidArgumentException} naming the field, like a broken scalar rule: the
 * contract turns both into the {@code INVALID_ARGUMENT} rejection, so this package needs nothing
 * from {@code errors} (which writes its payload with {@link CanonicalJson}).
 */
public final class JsonInput {
    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private JsonInput() {
    }

    /** Parses a JSON object argument named {@code argName}. */
    public static JsonObject parseObject(String json, String argName) {
        if (json == null || json.isEmpty()) {
            throw invalid(argName + " is required (a JSON object)", argName);
        }
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw invalid(argName + " has content after the JSON value", argName);
            }
            if (element == null || !element.isJsonObject()) {
                throw invalid(argName + " must be a JSON object", argName);
            }
            return element.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw invalid(argName + " is not valid JSON: " + e.getMessage(), argName);
        }
    }

    /** Parses a value this chaincode stored itself; a failure means corrupted state, not bad input. */
    public static JsonObject parseStored(byte[] bytes, String key) {
        try (JsonReader reader = new JsonReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            reader.setStrictness(Strictness.STRICT);
            return ELEMENTS.read(reader).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored value under key " + printable(key) + " is not a JSON object", e);
        }
    }

    public static String requiredString(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw invalid(field + " is required", field);
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw invalid(field + " must be a string", field);
        }
        return value.getAsString();
    }

    public static String optionalString(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        return requiredString(object, field);
    }

    /** The text of a number or string field, for callers that apply their own strict grammar. */
    public static String requiredScalarText(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw invalid(field + " is required", field);
        }
        if (!value.isJsonPrimitive() || value.getAsJsonPrimitive().isBoolean()) {
            throw invalid(field + " must be a number", field);
        }
        return value.getAsString();
    }

    public static JsonArray requiredArray(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw invalid(field + " is required", field);
        }
        if (!value.isJsonArray()) {
            throw invalid(field + " must be an array", field);
        }
        return value.getAsJsonArray();
    }

    /** A missing or null list is empty. */
    public static List<String> optionalStringList(JsonObject object, String field) {
        JsonElement value = object.get(field);
        List<String> result = new ArrayList<>();
        if (value == null || value.isJsonNull()) {
            return result;
        }
        if (!value.isJsonArray()) {
            throw invalid(field + " must be an array of strings", field);
        }
        for (JsonElement item : value.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw invalid(field + " must be an array of strings", field);
            }
            result.add(item.getAsString());
        }
        return result;
    }

    public static JsonObject objectAt(JsonArray array, int index, String field) {
        JsonElement item = array.get(index);
        if (!item.isJsonObject()) {
            throw invalid(field + "[" + index + "] must be an object", field);
        }
        return item.getAsJsonObject();
    }

    private static InvalidArgumentException invalid(String text, String field) {
        return new InvalidArgumentException(text, field);
    }

    /** Composite keys contain U+0000 separators; make them readable in messages. */
    private static String printable(String key) {
        return key.replace('\u0000', '|');
    }
}
