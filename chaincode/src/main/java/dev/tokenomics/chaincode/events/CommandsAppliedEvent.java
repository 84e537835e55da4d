package dev.tokenomics.chaincode.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tokenomics.chaincode.json.CanonicalJson;

/**
 * The one event of an ApplyCommands transaction, and (without each outcome's {@code result}) its
 * return value: {@code {"schemaVersion","eventType":"CommandsApplied","txId","txTimestamp","commands":[outcome...]}}
 * with one {@link CommandOutcome} per command in envelope order. Each applied command carries the
 * event its single transaction would have emitted, so a projector applies them in order and never
 * reads the ledger.
 */
public final class CommandsAppliedEvent {
    private final String txId;
    private final String txTimestamp;
    private final List<CommandOutcome> commands;

    public CommandsAppliedEvent(String txId, String txTimestamp, List<CommandOutcome> commands) {
        this.txId = txId;
        this.txTimestamp = txTimestamp;
        this.commands = Collections.unmodifiableList(new ArrayList<>(commands));
    }

    /** The event: every outcome with its {@code result}. */
    public String toJson() {
        return write(true);
    }

    /**
     * The transaction's return value: the event without each outcome's {@code result}. The results
     * already travel in the event and in the idempotency records' values; a third copy made a
     * 500-command envelope about a third larger to endorse, store, order and deliver.
     */
    public String toResultJson() {
        return write(false);
    }

    private String write(boolean withResults) {
        int expectedChars = 256;
        for (CommandOutcome outcome : commands) {
            expectedChars += outcome.expectedChars(withResults);
        }
        return CanonicalJson.write(expectedChars, w -> {
            w.beginObject();
            w.name("schemaVersion").value(LedgerEvent.SCHEMA_VERSION);
            w.name("eventType").value(EventType.CommandsApplied.name());
            w.name("txId").value(txId);
            w.name("txTimestamp").value(txTimestamp);
            w.name("commands").beginArray();
            for (CommandOutcome outcome : commands) {
                outcome.writeTo(w, withResults);
            }
            w.endArray();
            w.endObject();
        });
    }

    public byte[] payload() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
