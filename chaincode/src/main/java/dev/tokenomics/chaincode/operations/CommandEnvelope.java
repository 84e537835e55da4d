package dev.tokenomics.chaincode.operations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.json.JsonInput;
import dev.tokenomics.rules.ArgumentRules;
import dev.tokenomics.rules.InvalidArgumentException;

/**
 * ApplyCommands' argument: {@code {"commands":[{"type","idempotencyKey",...fields of the type}]}}.
 * The envelope's own shape (its size in bytes, a list of objects that move 1 to
 * {@link ArgumentRules#MAX_ENVELOPE_MOVEMENTS} times, each with a known {@code type} and a valid
 * idempotency key that no other command of the envelope uses) is checked here and a violation
 * rejects the whole transaction. A command's own fields are checked when it runs, so a bad one is
 * rejected alone.
 */
final class CommandEnvelope {

    /** The command types an envelope carries; the names are the wire strings of {@code type}. */
    enum CommandType {
        /** TransferInternal: {@code fromId, toId, amount, txType, remark} (remark optional). */
        TRANSFER,
        /** BatchTransfer: {@code transfers: [{fromId, toId, amount}]}, all legs or none. */
        BATCH_TRANSFER,
        /** Mint: {@code walletId, amount}. */
        MINT,
        /** Burn: {@code walletId, amount}. */
        BURN
    }

    /** One command as the envelope carries it, its fields not yet checked. */
    static final class Command {
        private final int position;
        private final CommandType type;
        private final String idempotencyKey;
        private final JsonObject fields;

        private Command(int position, CommandType type, String idempotencyKey, JsonObject fields) {
            this.position = position;
            this.type = type;
            this.idempotencyKey = idempotencyKey;
            this.fields = fields;
        }

        int position() {
            return position;
        }

        CommandType type() {
            return type;
        }

        String idempotencyKey() {
            return idempotencyKey;
        }

        /**
         * What the command counts against {@link ArgumentRules#MAX_ENVELOPE_MOVEMENTS}: a batch its legs,
         * any other command one. A batch whose legs are not a list counts one and is rejected when it runs.
         */
        int movements() {
            if (type == CommandType.BATCH_TRANSFER && fields.get("transfers") != null && fields.get("transfers").isJsonArray()) {
                return Math.max(1, fields.getAsJsonArray("transfers").size());
            }
            return 1;
        }

        /** Checks the fields with the single transaction's rules; a broken one is INVALID_ARGUMENT. */
        IdempotentCommand toIdempotentCommand() {
            switch (type) {
                case TRANSFER:
                    return Transfers.internalCommand(JsonInput.requiredString(fields, "fromId"),
                            JsonInput.requiredString(fields, "toId"), JsonInput.requiredScalarText(fields, "amount"),
                            JsonInput.requiredString(fields, "txType"), JsonInput.optionalString(fields, "remark"),
                            idempotencyKey);
                case BATCH_TRANSFER:
                    return Transfers.batchCommand(Transfers.parseBatch(fields), idempotencyKey);
                case MINT:
                    return SupplyChanges.mintCommand(JsonInput.requiredString(fields, "walletId"),
                            JsonInput.requiredScalarText(fields, "amount"), idempotencyKey);
                case BURN:
                    return SupplyChanges.burnCommand(JsonInput.requiredString(fields, "walletId"),
                            JsonInput.requiredScalarText(fields, "amount"), idempotencyKey);
                default:
                    throw new IllegalStateException("unhandled command type " + type);
            }
        }
    }

    private CommandEnvelope() {
    }

    static List<Command> parse(String commandsJson) {
        ArgumentRules.envelopeBytes(commandsJson, "commandsJson");
        JsonArray items = JsonInput.requiredArray(JsonInput.parseObject(commandsJson, "commandsJson"), "commands");
        // Every command moves at least once, so a longer list is refused before any command is read.
        if (items.size() > ArgumentRules.MAX_ENVELOPE_MOVEMENTS) {
            ArgumentRules.envelopeMovements(items.size());
        }
        List<Command> commands = new ArrayList<>(items.size());
        int movements = 0;
        // Membership only, never iterated: its order cannot reach the ledger.
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Command command = command(items, i);
            // Reads do not see this transaction's writes, so a second use of a key could not see the first's record.
            if (!keys.add(command.idempotencyKey())) {
                throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "commands[" + i + "] repeats idempotency key "
                        + command.idempotencyKey() + " of an earlier command of the envelope")
                        .detail("field", "idempotencyKey").detail("idempotencyKey", command.idempotencyKey())
                        .detail("position", i).build();
            }
            commands.add(command);
            movements += command.movements();
        }
        ArgumentRules.envelopeMovements(movements);
        return Collections.unmodifiableList(commands);
    }

    private static Command command(JsonArray items, int position) {
        try {
            JsonObject fields = JsonInput.objectAt(items, position, "commands");
            CommandType type = type(JsonInput.requiredString(fields, "type"));
            String key = ArgumentRules.idempotencyKey(JsonInput.requiredString(fields, "idempotencyKey"));
            return new Command(position, type, key, fields);
        } catch (InvalidArgumentException e) {
            LedgerRejection.Builder rejection = LedgerRejection.of(ErrorCode.INVALID_ARGUMENT,
                    "commands[" + position + "]: " + e.getMessage());
            for (Map.Entry<String, Object> detail : e.details().entrySet()) {
                rejection.detail(detail.getKey(), detail.getValue());
            }
            throw rejection.detail("position", position).build();
        }
    }

    private static CommandType type(String name) {
        for (CommandType type : CommandType.values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new InvalidArgumentException("type must be one of " + Arrays.toString(CommandType.values()), "type");
    }
}
