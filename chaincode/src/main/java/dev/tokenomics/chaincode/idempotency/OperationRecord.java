package dev.tokenomics.chaincode.idempotency;

import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.chaincode.json.JsonInput;

/**
 * What an idempotency key remembers: the hash of the request that first used it and that
 * request's result (its event payload), so a repeat can be recognised and answered byte for byte.
 */
public final class OperationRecord {
    private final String idempotencyKey;
    private final String requestHash;
    private final LedgerEvent result;

    public OperationRecord(String idempotencyKey, String requestHash, LedgerEvent result) {
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.result = result;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String requestHash() {
        return requestHash;
    }

    public LedgerEvent result() {
        return result;
    }

    public String toJson() {
        return CanonicalJson.write(result.toJson().length() + 2 * idempotencyKey.length() + 256, w -> {
            w.beginObject();
            w.name("idempotencyKey").value(idempotencyKey);
            w.name("requestHash").value(requestHash);
            w.name("txId").value(result.txId());
            w.name("result");
            result.writeTo(w);
            w.endObject();
        });
    }

    public static OperationRecord fromStored(byte[] bytes, String key) {
        JsonObject o = JsonInput.parseStored(bytes, key);
        return new OperationRecord(o.get("idempotencyKey").getAsString(), o.get("requestHash").getAsString(),
                LedgerEvent.fromJson(o.getAsJsonObject("result")));
    }
}
