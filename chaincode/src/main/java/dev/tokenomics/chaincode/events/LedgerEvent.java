package dev.tokenomics.chaincode.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.chaincode.model.Movement;
import dev.tokenomics.chaincode.model.Wallet;

/**
 * The one chaincode event of a transaction (schema version 1). Everything a read model needs,
 * without querying the ledger: wallets are their state after the transaction, sorted by id;
 * movements are in request order. Balance-changing transactions also return this payload as their
 * result, and idempotency records store it so a replay can return the same bytes.
 */
public final class LedgerEvent {
    public static final int SCHEMA_VERSION = 1;

    private final EventType eventType;
    private final String txId;
    private final String txTimestamp;
    private final String idempotencyKey;
    private final String txType;
    private final String remark;
    private final List<Movement> movements;
    private final List<Wallet> wallets;
    private final Long totalSupply;
    private final String reason;
    private final String originalTxId;
    /**
     * This event's canonical JSON, written on first use: the same text goes into the key's record,
     * the transaction's event and a single transaction's result (it was written three times).
     */
    private String json;

    private LedgerEvent(Builder b) {
        this.eventType = b.eventType;
        this.txId = b.txId;
        this.txTimestamp = b.txTimestamp;
        this.idempotencyKey = b.idempotencyKey;
        this.txType = b.txType;
        this.remark = b.remark;
        this.movements = Collections.unmodifiableList(new ArrayList<>(b.movements));
        List<Wallet> sorted = new ArrayList<>(b.wallets);
        sorted.sort(Comparator.comparing(Wallet::walletId));
        this.wallets = Collections.unmodifiableList(sorted);
        this.totalSupply = b.totalSupply;
        this.reason = b.reason;
        this.originalTxId = b.originalTxId;
    }

    public static Builder builder(EventType type, String txId, String txTimestamp, String txType) {
        return new Builder(type, txId, txTimestamp, txType);
    }

    /** The event of an idempotent repeat: the original's content, this transaction's id and time. */
    public LedgerEvent replayedBy(String replayTxId, String replayTimestamp) {
        Builder b = builder(EventType.OperationReplayed, replayTxId, replayTimestamp, txType)
                .idempotencyKey(idempotencyKey).remark(remark).totalSupply(totalSupply).originalTxId(txId);
        movements.forEach(b::movement);
        b.wallets(wallets);
        return b.build();
    }

    public EventType eventType() {
        return eventType;
    }

    public String txId() {
        return txId;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public List<Wallet> wallets() {
        return wallets;
    }

    /** Writes this event as one value of {@code w}: the text {@link #toJson()} returns. */
    public void writeTo(JsonWriter w) throws IOException {
        w.jsonValue(toJson());
    }

    private void writeFields(JsonWriter w) throws IOException {
        w.beginObject();
        w.name("schemaVersion").value(SCHEMA_VERSION);
        w.name("eventType").value(eventType.name());
        w.name("txId").value(txId);
        w.name("txTimestamp").value(txTimestamp);
        CanonicalJson.nullableString(w, "idempotencyKey", idempotencyKey);
        w.name("txType").value(txType);
        CanonicalJson.nullableString(w, "remark", remark);
        w.name("movements").beginArray();
        for (Movement m : movements) {
            m.writeTo(w);
        }
        w.endArray();
        w.name("wallets").beginArray();
        for (Wallet wallet : wallets) {
            wallet.writeTo(w);
        }
        w.endArray();
        CanonicalJson.nullableLong(w, "totalSupply", totalSupply);
        CanonicalJson.nullableString(w, "reason", reason);
        CanonicalJson.nullableString(w, "originalTxId", originalTxId);
        w.endObject();
    }

    public String toJson() {
        if (json == null) {
            json = CanonicalJson.write(256 + 96 * movements.size() + 320 * wallets.size(), this::writeFields);
        }
        return json;
    }

    public byte[] payload() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    public static LedgerEvent fromJson(JsonObject o) {
        Builder b = builder(EventType.valueOf(o.get("eventType").getAsString()), o.get("txId").getAsString(),
                o.get("txTimestamp").getAsString(), o.get("txType").getAsString())
                .idempotencyKey(stringOrNull(o.get("idempotencyKey")))
                .remark(stringOrNull(o.get("remark")))
                .reason(stringOrNull(o.get("reason")))
                .originalTxId(stringOrNull(o.get("originalTxId")));
        JsonElement supply = o.get("totalSupply");
        b.totalSupply(supply == null || supply.isJsonNull() ? null : supply.getAsLong());
        for (JsonElement m : o.getAsJsonArray("movements")) {
            b.movement(Movement.fromJson(m.getAsJsonObject()));
        }
        List<Wallet> wallets = new ArrayList<>();
        for (JsonElement w : o.getAsJsonArray("wallets")) {
            wallets.add(Wallet.fromJson(w.getAsJsonObject()));
        }
        return b.wallets(wallets).build();
    }

    private static String stringOrNull(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** Fields not set stay null (movements and wallets stay empty), as the schema requires. */
    public static final class Builder {
        private final EventType eventType;
        private final String txId;
        private final String txTimestamp;
        private final String txType;
        private String idempotencyKey;
        private String remark;
        private final List<Movement> movements = new ArrayList<>();
        private final List<Wallet> wallets = new ArrayList<>();
        private Long totalSupply;
        private String reason;
        private String originalTxId;

        private Builder(EventType eventType, String txId, String txTimestamp, String txType) {
            this.eventType = eventType;
            this.txId = txId;
            this.txTimestamp = txTimestamp;
            this.txType = txType;
        }

        public Builder idempotencyKey(String value) {
            this.idempotencyKey = value;
            return this;
        }

        public Builder remark(String value) {
            this.remark = value;
            return this;
        }

        public Builder movement(Movement value) {
            this.movements.add(value);
            return this;
        }

        public Builder wallet(Wallet value) {
            this.wallets.add(value);
            return this;
        }

        public Builder wallets(Collection<Wallet> values) {
            this.wallets.addAll(values);
            return this;
        }

        public Builder totalSupply(Long value) {
            this.totalSupply = value;
            return this;
        }

        public Builder reason(String value) {
            this.reason = value;
            return this;
        }

        public Builder originalTxId(String value) {
            this.originalTxId = value;
            return this;
        }

        public LedgerEvent build() {
            return new LedgerEvent(this);
        }
    }
}
