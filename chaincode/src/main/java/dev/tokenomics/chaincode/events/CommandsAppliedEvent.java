package dev.tokenomics.chaincode.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tokenomics.chaincode.json.CanonicalJson;

/**
 * The one event (and the result) of an ApplyCommands transaction:
 * {@code {"schemaVersion","eventType":"CommandsApplied","txId","txTimestamp","commands":[outcome...]}}
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

    public String toJson() {
        return CanonicalJson.write(w -> {
            w.beginObject();
            w.name("schemaVersion").value(LedgerEvent.SCHEMA_VERSION);
            w.name("eventType").value(EventType.CommandsApplied.name());
            w.name("txId").value(txId);
            w.name("txTimestamp").value(txTimestamp);
            w.name("commands").beginArray();
            for (CommandOutcome outcome : commands) {
                outcome.writeTo(w);
            }
            w.endArray();
            w.endObject();
        });
    }

    public byte[] payload() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
