package dev.tokenomics.client.outbox;

import dev.tokenomics.rules.ArgumentRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Commands packed into one ApplyCommands transaction, in the order the chaincode applies them (a
 * command's position is its index here). Stays within the chaincode's bounds (movements, bytes), so
 * the chaincode never refuses an envelope as a whole for its size.
 */
final class Envelope {
    /** Room for {"commands":[...]} and the separators between items. */
    private static final int FRAME_BYTES = 16;

    private final List<ClaimedCommand> commands = new ArrayList<>();
    /** The items' JSON, comma-separated: written once, for the size check and the argument alike. */
    private final StringBuilder items = new StringBuilder();
    /** Every wallet (and ordering key) its commands touch, from the payloads parsed to pack them. */
    private final Set<String> wallets = new TreeSet<>();
    private int movements;
    private int bytes = FRAME_BYTES;

    List<ClaimedCommand> commands() {
        return commands;
    }

    Set<String> wallets() {
        return wallets;
    }

    boolean isEmpty() {
        return commands.isEmpty();
    }

    /**
     * Adds the command ({@code payload} its parsed payload, {@code lockKeys} what it must hold: see
     * {@link ClaimPlan#lockKeys(String, String, CommandPayload)}) if it fits within {@code maxCommands}
     * and the chaincode's bounds; false (nothing added) if not.
     */
    boolean tryAdd(ClaimedCommand command, CommandPayload payload, Set<String> lockKeys, int maxCommands) {
        String item = payload.envelopeItem(Outbox.chaincodeKey(command.tenantId(), command.idempotencyKey()));
        int itemBytes = item.getBytes(StandardCharsets.UTF_8).length + 1;
        if (commands.size() >= maxCommands || movements + payload.movements() > ArgumentRules.MAX_ENVELOPE_MOVEMENTS
                || bytes + itemBytes > ArgumentRules.MAX_ENVELOPE_BYTES) {
            return false;
        }
        commands.add(command);
        items.append(items.isEmpty() ? "" : ",").append(item);
        wallets.addAll(lockKeys);
        movements += payload.movements();
        bytes += itemBytes;
        return true;
    }

    /** The ApplyCommands argument: {"commands":[item,...]}, as Gson would write that object. */
    String json() {
        return "{\"commands\":[" + items + "]}";
    }
}
