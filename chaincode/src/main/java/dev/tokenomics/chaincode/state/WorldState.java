package dev.tokenomics.chaincode.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;

import org.hyperledger.fabric.shim.ChaincodeStub;

import dev.tokenomics.chaincode.events.CommandsAppliedEvent;
import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.idempotency.OperationRecord;
import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.chaincode.json.JsonInput;
import dev.tokenomics.chaincode.model.TokenConfig;
import dev.tokenomics.chaincode.model.Wallet;

/**
 * Typed access to the world state of one transaction. Every read is a GetState on the entity's
 * own key, so it lands in the transaction's read set and Fabric's MVCC check invalidates the
 * transaction if a concurrent one changed that key first. Reads never see this transaction's own
 * writes (Fabric semantics), so operations keep their working copies in memory.
 */
public final class WorldState {
    private final ChaincodeStub stub;

    public WorldState(ChaincodeStub stub) {
        this.stub = stub;
    }

    public ChaincodeStub stub() {
        return stub;
    }

    public Optional<Wallet> wallet(String walletId) {
        String key = LedgerKeys.wallet(walletId);
        byte[] bytes = stub.getState(key);
        return isAbsent(bytes) ? Optional.empty() : Optional.of(Wallet.fromStored(bytes, key));
    }

    public void putWallet(Wallet wallet) {
        stub.putState(LedgerKeys.wallet(wallet.walletId()), wallet.toJson().getBytes(UTF_8));
    }

    /** Zero before any genesis or mint. */
    public long totalSupply() {
        String key = LedgerKeys.totalSupply();
        byte[] bytes = stub.getState(key);
        return isAbsent(bytes) ? 0L : JsonInput.parseStored(bytes, key).get("totalSupply").getAsLong();
    }

    public void putTotalSupply(long supply) {
        String json = CanonicalJson.write(w -> w.beginObject().name("totalSupply").value(supply).endObject());
        stub.putState(LedgerKeys.totalSupply(), json.getBytes(UTF_8));
    }

    public Optional<TokenConfig> config() {
        String key = LedgerKeys.tokenConfig();
        byte[] bytes = stub.getState(key);
        return isAbsent(bytes) ? Optional.empty() : Optional.of(TokenConfig.fromStored(bytes, key));
    }

    public void putConfig(TokenConfig config) {
        stub.putState(LedgerKeys.tokenConfig(), config.toJson().getBytes(UTF_8));
    }

    public boolean genesisDone() {
        return !isAbsent(stub.getState(LedgerKeys.genesisMinted()));
    }

    public void markGenesisDone(LedgerEvent genesis) {
        String json = CanonicalJson.write(w -> w.beginObject().name("txId").value(genesis.txId()).endObject());
        stub.putState(LedgerKeys.genesisMinted(), json.getBytes(UTF_8));
    }

    public Optional<OperationRecord> operation(String idempotencyKey) {
        String key = LedgerKeys.idempotencyRecord(idempotencyKey);
        byte[] bytes = stub.getState(key);
        return isAbsent(bytes) ? Optional.empty() : Optional.of(OperationRecord.fromStored(bytes, key));
    }

    public void putOperation(OperationRecord record) {
        stub.putState(LedgerKeys.idempotencyRecord(record.idempotencyKey()), record.toJson().getBytes(UTF_8));
    }

    /** Sets the transaction's single event; Fabric keeps only the last one set. */
    public void emit(LedgerEvent event) {
        stub.setEvent(event.eventType().name(), event.payload());
    }

    /** Sets an ApplyCommands transaction's single event. */
    public void emit(CommandsAppliedEvent event) {
        stub.setEvent(EventType.CommandsApplied.name(), event.payload());
    }

    private static boolean isAbsent(byte[] bytes) {
        return bytes == null || bytes.length == 0;
    }
}
