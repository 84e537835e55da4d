package dev.tokenomics.client.outbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.rules.ArgumentRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands packed into one ApplyCommands transaction, in the order the chaincode applies them (a
 * command's position is its index here). Stays within the chaincode's bounds (movements, bytes), so
 * the chaincode never refuses an envelope as a whole for its size.
 */
final class Envelope {
    /** Room for {"commands":[...]} and the separators between items. */
    private static final int FRAME_BYTES = 16;

    private final List<ClaimedCommand> commands = new ArrayList<>();
    private final JsonArray items = new JsonArray();
    private int movements;
    private int bytes = FRAME_BYTES;

    List<ClaimedCommand> commands() {
        return commands;
    }

    boolean isEmpty() {
        return commands.isEmpty();
    }

    /** Adds the command if it fits within {@code maxCommands} and the chaincode's bounds; false (nothing added) if not. */
    boolean tryAdd(ClaimedCommand command, CommandPayload payload, int maxCommands) {
        JsonObject item = payload.envelopeItem(Outbox.chaincodeKey(command.tenantId(), command.idempotencyKey()));
        int itemBytes = item.toString().getBytes(StandardCharsets.UTF_8).length + 1;
        if (commands.size() >= maxCommands || movements + payload.movements() > ArgumentRules.MAX_ENVELOPE_MOVEMENTS
                || bytes + itemBytes > ArgumentRules.MAX_ENVELOPE_BYTES) {
            return false;
        }
        commands.add(command);
        items.add(item);
        movements += payload.movements();
        bytes += itemBytes;
        return true;
    }

    /** The ApplyCommands argument. */
    String json() {
        JsonObject envelope = new JsonObject();
        envelope.add("commands", items);
        return envelope.toString();
    }
}
