package dev.tokenomics.chaincode.model;

import java.io.IOException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import dev.tokenomics.chaincode.json.CanonicalJson;

/** One movement of funds: fromId is null for a mint or genesis credit, toId is null for a burn. */
public final class Movement {
    private final String fromId;
    private final String toId;
    private final long amount;

    public Movement(String fromId, String toId, long amount) {
        this.fromId = fromId;
        this.toId = toId;
        this.amount = amount;
    }

    public String fromId() {
        return fromId;
    }

    public String toId() {
        return toId;
    }

    public long amount() {
        return amount;
    }

    public void writeTo(JsonWriter w) throws IOException {
        w.beginObject();
        CanonicalJson.nullableString(w, "fromId", fromId);
        CanonicalJson.nullableString(w, "toId", toId);
        w.name("amount").value(amount);
        w.endObject();
    }

    public static Movement fromJson(JsonObject o) {
        return new Movement(stringOrNull(o.get("fromId")), stringOrNull(o.get("toId")), o.get("amount").getAsLong());
    }

    private static String stringOrNull(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
