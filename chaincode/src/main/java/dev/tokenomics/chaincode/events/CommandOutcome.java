package dev.tokenomics.chaincode.events;

import java.io.IOException;

import com.google.gson.stream.JsonWriter;

import dev.tokenomics.chaincode.errors.LedgerRejection;

/**
 * What became of one command of an ApplyCommands envelope:
 * {@code {"position","type","idempotencyKey","outcome","result","error"}} in the event, without
 * {@code result} in the transaction's return value. {@code result} is the
 * command's schema-v1 event payload (APPLIED: the one stored under its key; REPLAYED: the stored
 * one, byte for byte, as the single transaction returns it), {@code error} the rejection payload.
 */
public final class CommandOutcome {

    /** The wire strings of {@code outcome}. */
    public enum Status {
        /** Applied by this transaction; its key now stores {@code result}. */
        APPLIED,
        /** The key already stored this same request; nothing was written. */
        REPLAYED,
        /** Refused with {@code error}; nothing was written and the key stays unused. */
        REJECTED
    }

    private final int position;
    private final String type;
    private final String idempotencyKey;
    private final Status status;
    private final LedgerEvent result;
    private final LedgerRejection error;

    private CommandOutcome(int position, String type, String idempotencyKey, Status status,
                           LedgerEvent result, LedgerRejection error) {
        this.position = position;
        this.type = type;
        this.idempotencyKey = idempotencyKey;
        this.status = status;
        this.result = result;
        this.error = error;
    }

    public static CommandOutcome applied(int position, String type, String idempotencyKey, LedgerEvent result) {
        return new CommandOutcome(position, type, idempotencyKey, Status.APPLIED, result, null);
    }

    public static CommandOutcome replayed(int position, String type, String idempotencyKey, LedgerEvent stored) {
        return new CommandOutcome(position, type, idempotencyKey, Status.REPLAYED, stored, null);
    }

    public static CommandOutcome rejected(int position, String type, String idempotencyKey, LedgerRejection error) {
        return new CommandOutcome(position, type, idempotencyKey, Status.REJECTED, null, error);
    }

    /** About how many characters {@link #writeTo} writes: the result's own, its error's at most ~300, and ~160 of the rest. */
    int expectedChars(boolean withResult) {
        return 160 + idempotencyKey.length() + (withResult && result != null ? result.toJson().length() : 0) + (error == null ? 0 : 320);
    }

    /** @param withResult true in the event; false in the transaction's return value, which leaves {@code result} to the event */
    public void writeTo(JsonWriter w, boolean withResult) throws IOException {
        w.beginObject();
        w.name("position").value(position);
        w.name("type").value(type);
        w.name("idempotencyKey").value(idempotencyKey);
        w.name("outcome").value(status.name());
        if (withResult) {
            w.name("result");
            if (result == null) {
                w.nullValue();
            } else {
                result.writeTo(w);
            }
        }
        w.name("error");
        if (error == null) {
            w.nullValue();
        } else {
            error.writeTo(w);
        }
        w.endObject();
    }
}
