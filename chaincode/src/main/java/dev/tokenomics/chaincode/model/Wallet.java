package dev.tokenomics.chaincode.model;

import java.io.IOException;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.chaincode.json.JsonInput;

/** A wallet as stored and as shown in events and query results: {walletId, owner, balance, status}. */
public final class Wallet {
    private final String walletId;
    private final String owner;
    private final long balance;
    private final WalletStatus status;

    public Wallet(String walletId, String owner, long balance, WalletStatus status) {
        this.walletId = walletId;
        this.owner = owner;
        this.balance = balance;
        this.status = status;
    }

    public static Wallet open(String walletId, String owner, long balance) {
        return new Wallet(walletId, owner, balance, WalletStatus.ACTIVE);
    }

    public String walletId() {
        return walletId;
    }

    public String owner() {
        return owner;
    }

    public long balance() {
        return balance;
    }

    public WalletStatus status() {
        return status;
    }

    public boolean isActive() {
        return status == WalletStatus.ACTIVE;
    }

    public Wallet withBalance(long newBalance) {
        return new Wallet(walletId, owner, newBalance, status);
    }

    public Wallet withStatus(WalletStatus newStatus) {
        return new Wallet(walletId, owner, balance, newStatus);
    }

    public void writeTo(JsonWriter w) throws IOException {
        w.beginObject();
        w.name("walletId").value(walletId);
        w.name("owner").value(owner);
        w.name("balance").value(balance);
        w.name("status").value(status.name());
        w.endObject();
    }

    public String toJson() {
        return CanonicalJson.write(this::writeTo);
    }

    public static Wallet fromJson(JsonObject o) {
        return new Wallet(o.get("walletId").getAsString(), o.get("owner").getAsString(),
                o.get("balance").getAsLong(), WalletStatus.valueOf(o.get("status").getAsString()));
    }

    public static Wallet fromStored(byte[] bytes, String key) {
        return fromJson(JsonInput.parseStored(bytes, key));
    }
}
