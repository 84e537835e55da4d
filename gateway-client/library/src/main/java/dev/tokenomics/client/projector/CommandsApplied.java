package dev.tokenomics.client.projector;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.List;

/**
 * The event of an ApplyCommands transaction (schemaVersion 1): one item per command of the
 * envelope, in position order, each with its own outcome. An APPLIED item's {@code result} is the
 * event the command's single transaction would have emitted; a REPLAYED item's is the one its key
 * stored (so its txId names the transaction that first applied it); a REJECTED item has an
 * {@code error} instead and changed nothing.
 */
record CommandsApplied(int schemaVersion, String eventType, String txId, String txTimestamp, List<Item> commands) {
    static final String EVENT_TYPE = "CommandsApplied";
    private static final Gson GSON = new Gson();

    enum Outcome { APPLIED, REPLAYED, REJECTED }

    record Item(int position, String type, String idempotencyKey, Outcome outcome, LedgerEvent result, Rejection error) {
    }

    /** The rejection payload of a single transaction; its {@code details} are not needed here. */
    record Rejection(String code, String message) {
    }

    /**
     * Parses and checks the shape the projector relies on (positions 0..n-1 in order, a result for
     * every applied or replayed item, an error code for every rejected one), so a payload it does
     * not understand stops the projector instead of being applied by guess.
     */
    static CommandsApplied parse(String json) {
        CommandsApplied event;
        try {
            event = GSON.fromJson(json, CommandsApplied.class);
        } catch (JsonParseException e) {
            throw new MalformedBlockException("CommandsApplied payload is not the contract's JSON: " + e.getMessage(), e);
        }
        if (event == null || !EVENT_TYPE.equals(event.eventType()) || event.commands() == null) {
            throw new MalformedBlockException("CommandsApplied payload without eventType CommandsApplied and commands: " + json);
        }
        for (int i = 0; i < event.commands().size(); i++) {
            requireWellFormed(event.txId(), i, event.commands().get(i));
        }
        return event;
    }

    private static void requireWellFormed(String txId, int index, Item item) {
        String problem = null;
        if (item == null || item.position() != index) {
            problem = "is not at position " + index;
        } else if (item.outcome() == null || item.idempotencyKey() == null) {
            problem = "has no outcome or idempotencyKey";
        } else if (item.outcome() == Outcome.REJECTED ? item.error() == null || item.error().code() == null
                : item.result() == null || item.result().eventType() == null) {
            problem = "is " + item.outcome() + " without its " + (item.outcome() == Outcome.REJECTED ? "error code" : "result");
        }
        if (problem != null) {
            throw new MalformedBlockException("CommandsApplied of tx " + txId + ": command " + index + " " + problem);
        }
    }
}
