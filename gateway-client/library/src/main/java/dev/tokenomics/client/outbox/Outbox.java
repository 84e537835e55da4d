package dev.tokenomics.client.outbox;

import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.IDEMPOTENCY_KEY_REUSED;
import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.INVALID_ARGUMENT;
import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.MALFORMED_PAYLOAD;

import dev.tokenomics.rules.ArgumentRules;
import dev.tokenomics.rules.InvalidArgumentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Enqueues commands inside the caller's own JDBC transaction (the caller commits or rolls back
 * together with its business rows). An idempotency key is unique per tenant: enqueueing it again
 * returns the command already stored, never a second one. A command the ledger is certain to refuse
 * (see {@link CommandPayload}, {@link TenantIds}) is an {@link InvalidCommandException} thrown before
 * any statement runs, so the caller's transaction stays usable.
 */
public final class Outbox {
    private static final String KEY_SEPARATOR = ":";
    /** Idempotency keys: 1-200 visible ASCII characters, so {@code <tenant>:<key>} fits the chaincode's 256. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = ArgumentRules.MAX_KEY_LENGTH - TenantIds.MAX_LENGTH - KEY_SEPARATOR.length();
    /** Ordering keys live in B-tree indexes, whose entries must stay well under a page. */
    public static final int MAX_ORDERING_KEY_LENGTH = 256;
    // SQLSTATE class 22, data exception: the value, not the database, is at fault.
    private static final String DATA_EXCEPTION = "22";

    private static final String INSERT = """
            INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)
            VALUES (?, ?, ?::jsonb, ?, ?)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            RETURNING id, status""";

    /** One statement for a whole batch: a row-at-a-time JDBC batch executes the insert per row. */
    private static final String INSERT_ALL = """
            INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)
            SELECT tenant_id, command_type, payload::jsonb, idempotency_key, ordering_key
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS v(tenant_id, command_type, payload, idempotency_key, ordering_key)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING""";

    private static final String EXISTING = """
            SELECT id, status, command_type = ? AND payload = ?::jsonb AS same
            FROM outbox_command WHERE tenant_id = ? AND idempotency_key = ?""";

    private Outbox() {
    }

    /**
     * The key the chaincode sees: {@code <tenant>:<key>}, namespaced so two tenants may use the same
     * key. Unambiguous because a tenant id never contains the separator (refused at enqueue).
     */
    public static String chaincodeKey(String tenantId, String idempotencyKey) {
        return tenantId + KEY_SEPARATOR + idempotencyKey;
    }

    /** The inverse of {@link #chaincodeKey}: this tenant's idempotency key, or null if the chaincode key is not this tenant's. */
    public static String commandKeyOf(String tenantId, String chaincodeKey) {
        String prefix = tenantId + KEY_SEPARATOR;
        return chaincodeKey != null && chaincodeKey.startsWith(prefix) ? chaincodeKey.substring(prefix.length()) : null;
    }

    /**
     * The chaincode call a stored command is delivered as, with {@code chaincodeKey} as its
     * idempotency key; throws {@link InvalidCommandException} for a row no enqueue would accept.
     */
    public static ChaincodeInvocation invocationOf(String commandType, String payloadJson, String chaincodeKey) {
        return CommandPayload.parse(CommandType.fromWire(commandType), payloadJson).invocation(chaincodeKey);
    }

    public static EnqueuedCommand enqueue(Connection connection, NewCommand command) throws SQLException {
        Validated valid = validate(command);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, valid);
            try (ResultSet rs = insert.executeQuery()) {
                if (rs.next()) {
                    return new EnqueuedCommand(rs.getLong(1), CommandStatus.fromStored(rs.getString(2)), true);
                }
            }
        } catch (SQLException e) {
            if (isDataException(e)) {
                throw notStorable(e);
            }
            throw e;
        }
        return existing(connection, valid);
    }

    /** Enqueues many commands in one statement (load generation); returns how many were new. */
    public static int enqueueAll(Connection connection, List<NewCommand> commands) throws SQLException {
        int size = commands.size();
        String[] tenants = new String[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        String[] keys = new String[size];
        String[] orderingKeys = new String[size];
        for (int i = 0; i < size; i++) {
            Validated valid = validate(commands.get(i));
            tenants[i] = valid.command.tenantId();
            types[i] = valid.type.name();
            payloads[i] = valid.payload.json();
            keys[i] = valid.command.idempotencyKey();
            orderingKeys[i] = valid.orderingKey();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
            insert.setArray(1, connection.createArrayOf("text", tenants));
            insert.setArray(2, connection.createArrayOf("text", types));
            insert.setArray(3, connection.createArrayOf("text", payloads));
            insert.setArray(4, connection.createArrayOf("text", keys));
            insert.setArray(5, connection.createArrayOf("text", orderingKeys));
            return insert.executeUpdate();
        } catch (SQLException e) {
            if (isDataException(e)) {
                throw notStorable(e);
            }
            throw e;
        }
    }

    private static boolean isDataException(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith(DATA_EXCEPTION);
    }

    /**
     * Validation leaves nothing we know of that PostgreSQL refuses as data; should it still refuse a
     * value (a number beyond numeric's range in an ignored payload field), that is bad input too,
     * never an outage. The statement failed, so the caller's transaction must be rolled back.
     */
    private static InvalidCommandException notStorable(SQLException e) {
        String message = e.getMessage() == null ? e.getSQLState() : e.getMessage().lines().findFirst().orElse(e.getSQLState());
        return new InvalidCommandException(MALFORMED_PAYLOAD, "PostgreSQL cannot store this command: " + message);
    }

    private static EnqueuedCommand existing(Connection connection, Validated valid) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
            select.setString(1, valid.type.name());
            select.setString(2, valid.payload.json());
            select.setString(3, valid.command.tenantId());
            select.setString(4, valid.command.idempotencyKey());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    // The conflicting row was inserted by a transaction that has since rolled back.
                    throw new SQLException("idempotency key " + valid.command.idempotencyKey() + " conflicted but is not visible; retry", "40001");
                }
                if (!rs.getBoolean(3)) {
                    throw new InvalidCommandException(IDEMPOTENCY_KEY_REUSED, "idempotency key '" + valid.command.idempotencyKey()
                            + "' already names command " + rs.getLong(1) + " with a different type or payload");
                }
                return new EnqueuedCommand(rs.getLong(1), CommandStatus.fromStored(rs.getString(2)), false);
            }
        }
    }

    private static void bind(PreparedStatement insert, Validated valid) throws SQLException {
        NewCommand command = valid.command;
        insert.setString(1, command.tenantId());
        insert.setString(2, valid.type.name());
        insert.setString(3, valid.payload.json());
        insert.setString(4, command.idempotencyKey());
        insert.setString(5, valid.orderingKey());
    }

    private record Validated(NewCommand command, CommandType type, CommandPayload payload) {
        String orderingKey() {
            return command.orderingKey() == null || command.orderingKey().isBlank() ? payload.defaultOrderingKey() : command.orderingKey();
        }
    }

    private static Validated validate(NewCommand command) {
        String tenantId = TenantIds.require(command.tenantId());
        idempotencyKey(tenantId, command.idempotencyKey());
        orderingKey(command.orderingKey());
        if (command.commandType() == null) {
            throw new InvalidCommandException(InvalidCommandException.Reason.UNKNOWN_COMMAND_TYPE, "missing command type");
        }
        CommandType type = CommandType.fromWire(command.commandType());
        return new Validated(command, type, CommandPayload.parse(type, command.payload()));
    }

    /** The key itself is bounded; the chaincode's own rule then judges the whole key it will see. */
    private static void idempotencyKey(String tenantId, String key) {
        boolean valid = key != null && !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY_LENGTH;
        if (valid) {
            try {
                ArgumentRules.idempotencyKey(chaincodeKey(tenantId, key));
            } catch (InvalidArgumentException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new InvalidCommandException(INVALID_ARGUMENT, "idempotencyKey",
                    "idempotencyKey must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters");
        }
    }

    /** Blank means the default; otherwise bounded text without control characters (U+0000 cannot be stored). */
    private static void orderingKey(String orderingKey) {
        if (orderingKey == null || orderingKey.isBlank()) {
            return;
        }
        if (orderingKey.length() > MAX_ORDERING_KEY_LENGTH || orderingKey.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidCommandException(INVALID_ARGUMENT, "orderingKey",
                    "orderingKey must be at most " + MAX_ORDERING_KEY_LENGTH + " characters without control characters");
        }
    }
}
