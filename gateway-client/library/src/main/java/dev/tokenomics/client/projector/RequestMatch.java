package dev.tokenomics.client.projector;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.client.outbox.ChaincodeInvocation;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.outbox.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one answer to "does this ledger event carry this command's request?", for the projector
 * (confirming a command found only by its idempotency key) and for reconcile (checking a command
 * against the chaincode's operation record).
 *
 * <p>The chaincode runs a request at most once per idempotency key and records its content in the
 * event: the transaction (by event type), the key, txType, remark and the movements in request
 * order. For the keyed transactions (TransferInternal, BatchTransfer, Mint, Burn) that content is
 * the whole request, so two requests record the same content exactly when the chaincode would hash
 * them alike. A command matches when the call {@link Outbox#invocationOf} makes of it, under
 * its tenant's key ({@link Outbox#chaincodeKey}), records what the event records.
 *
 * <p>An OperationReplayed event carries the original's content but not its event type. Its content
 * still names the transaction, except in one case: a TransferInternal with txType "BATCH" and no
 * remark records the same content as a one-leg BatchTransfer. Such a replay matches neither: the
 * original's own event, earlier on the chain, names its transaction.
 */
final class RequestMatch {
    private static final String BATCH_TX_TYPE = "BATCH";

    /** What the chaincode records of a keyed request; {@code transaction} is null when the event does not name it. */
    private record Recorded(String transaction, String key, String txType, String remark, List<LedgerEvent.Movement> movements) {
        /** True for the content a TransferInternal and a BatchTransfer can both record. */
        boolean ambiguous() {
            return BATCH_TX_TYPE.equals(txType) && remark == null && movements.size() == 1;
        }

        boolean sameContent(Recorded other) {
            return key.equals(other.key) && Objects.equals(txType, other.txType) && Objects.equals(remark, other.remark)
                    && movements.equals(other.movements);
        }
    }

    private RequestMatch() {
    }

    /**
     * Whether {@code event} records the request of the command {@code (commandType, payloadJson)}
     * stored under {@code idempotencyKey} by {@code tenantId}. A command that is not a valid
     * keyed command (a keyless type, a row no enqueue would accept) matches nothing.
     */
    public static boolean carries(LedgerEvent event, String tenantId, String idempotencyKey, String commandType, String payloadJson) {
        if (event == null || event.idempotencyKey() == null) {
            return false;
        }
        ChaincodeInvocation call;
        try {
            call = Outbox.invocationOf(commandType, payloadJson, Outbox.chaincodeKey(tenantId, idempotencyKey));
        } catch (InvalidCommandException e) {
            return false; // a row no enqueue would accept was never sent as this request
        }
        Recorded expected = expected(call);
        if (expected == null) {
            return false;
        }
        Recorded actual = recorded(event);
        if (actual == null || !actual.sameContent(expected)) {
            return false;
        }
        return actual.transaction() == null ? !expected.ambiguous() : actual.transaction().equals(expected.transaction());
    }

    /** Whether the command's chaincode call carries its idempotency key (so the ledger keeps an operation record of it). */
    public static boolean isKeyed(String commandType, String payloadJson) {
        try {
            return expected(Outbox.invocationOf(commandType, payloadJson, "")) != null;
        } catch (InvalidCommandException e) {
            return false;
        }
    }

    /** What the chaincode records when it runs {@code call}; null for a transaction without idempotency key. */
    private static Recorded expected(ChaincodeInvocation call) {
        String[] args = call.args();
        return switch (call.transactionName()) {
            case "TransferInternal" -> new Recorded("TransferInternal", args[5], args[3], emptyToNull(args[4]),
                    List.of(new LedgerEvent.Movement(args[0], args[1], Long.parseLong(args[2]))));
            case "BatchTransfer" -> new Recorded("BatchTransfer", args[1], BATCH_TX_TYPE, null, batchMovements(args[0]));
            case "Mint" -> new Recorded("Mint", args[2], "MINT", null, List.of(new LedgerEvent.Movement(null, args[0], Long.parseLong(args[1]))));
            case "Burn" -> new Recorded("Burn", args[2], "BURN", null, List.of(new LedgerEvent.Movement(args[0], null, Long.parseLong(args[1]))));
            default -> null;
        };
    }

    private static Recorded recorded(LedgerEvent event) {
        String transaction = switch (event.eventType()) {
            case "InternalTransferEvent" -> "TransferInternal";
            case "BatchTransferCompleted" -> "BatchTransfer";
            case "TokensMinted" -> "Mint";
            case "TokensBurned" -> "Burn";
            case LedgerEvent.OPERATION_REPLAYED -> null;
            default -> "";
        };
        if ("".equals(transaction)) {
            return null; // an event no keyed request records
        }
        return new Recorded(transaction, event.idempotencyKey(), event.txType(), emptyToNull(event.remark()), event.movementsOrEmpty());
    }

    private static List<LedgerEvent.Movement> batchMovements(String transfersJson) {
        JsonArray transfers = JsonParser.parseString(transfersJson).getAsJsonObject().getAsJsonArray("transfers");
        List<LedgerEvent.Movement> movements = new ArrayList<>(transfers.size());
        for (JsonElement element : transfers) {
            JsonObject leg = element.getAsJsonObject();
            movements.add(new LedgerEvent.Movement(leg.get("fromId").getAsString(), leg.get("toId").getAsString(),
                    Long.parseLong(leg.get("amount").getAsString())));
        }
        return movements;
    }

    /** The chaincode stores an empty optional text as absent. */
    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
