package dev.tokenomics.client.projector;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.List;

/** The chaincode event payload of the cross-module contract (schemaVersion 1). */
public record LedgerEvent(
        int schemaVersion,
        String eventType,
        String txId,
        String txTimestamp,
        String idempotencyKey,
        String txType,
        String remark,
        List<Movement> movements,
        List<WalletState> wallets,
        Long totalSupply,
        String reason,
        String originalTxId) {

    public static final String OPERATION_REPLAYED = "OperationReplayed";
    private static final Gson GSON = new Gson();

    public record Movement(String fromId, String toId, long amount) {
    }

    public record WalletState(String walletId, String owner, long balance, String status) {
    }

    public static LedgerEvent parse(String json) {
        try {
            LedgerEvent event = GSON.fromJson(json, LedgerEvent.class);
            if (event == null || event.eventType() == null) {
                throw new MalformedBlockException("chaincode event without eventType: " + json);
            }
            return event;
        } catch (JsonParseException e) {
            throw new MalformedBlockException("chaincode event payload is not the contract's JSON: " + e.getMessage(), e);
        }
    }

    public boolean replayed() {
        return OPERATION_REPLAYED.equals(eventType);
    }

    public List<Movement> movementsOrEmpty() {
        return movements == null ? List.of() : movements;
    }

    public List<WalletState> walletsOrEmpty() {
        return wallets == null ? List.of() : wallets;
    }

    /** Used for the single-movement columns of a wallet transaction row. */
    public Movement firstMovement() {
        return movementsOrEmpty().isEmpty() ? null : movements.get(0);
    }

    public String movementsJson() {
        return GSON.toJson(movementsOrEmpty());
    }
}
