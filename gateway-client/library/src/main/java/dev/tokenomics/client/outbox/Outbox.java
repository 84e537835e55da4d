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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /*
     * enqueueEach's insert: in list order, so the first of two commands with one key is the one
     * stored, as two enqueue calls would store it. The keys it did not store are looked up after.
     */
    private static final String INSERT_EACH = """
            INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)
            SELECT tenant_id, command_type, payload::jsonb, idempotency_key, ordering_key
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                AS v(tenant_id, command_type, payload, idempotency_key, ordering_key, place)
            ORDER BY place
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            RETURNING id, status, tenant_id, idempotency_key""";

    /** EXISTING for many keys (the arrays of INSERT_EACH): each one's place in them, its stored command, whether it is the same. */
    private static final String EXISTING_EACH = """
            SELECT v.place, c.id, c.status, c.command_type = v.command_type AND c.payload = v.payload::jsonb AS same
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                AS v(tenant_id, command_type, payload, idempotency_key, ordering_key, place)
            JOIN outbox_command c ON c.tenant_id = v.tenant_id COLLATE "C" AND c.idempotency_key = v.idempotency_key COLLATE "C\"""";

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

    /**
     * The item of an ApplyCommands envelope a stored command is delivered as, with {@code chaincodeKey}
     * as its idempotency key (JSON, as the submitter packs it); throws {@link InvalidCommandException}
     * for a row no enqueue would accept, {@link IllegalStateException} for a type no envelope carries.
     */
    public static String envelopeItemOf(String commandType, String payloadJson, String chaincodeKey) {
        return CommandPayload.parse(CommandType.fromWire(commandType), payloadJson).envelopeItem(chaincodeKey);
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

    /**
     * Enqueues {@code commands} in the caller's transaction as one {@link #enqueue} call each, in list
     * order, would, but in two statements for the whole list: one outcome per command, in list order.
     * A command {@code enqueue} would refuse is refused alone ({@link EnqueueOutcome#refusal}) and the
     * others are stored; a key used twice in the list is a replay of its first command (or refused
     * as reused, if they differ). Throws an SQLException, leaving the transaction to be rolled back,
     * where {@code enqueue} would throw one, and when PostgreSQL refuses a value of one of them as data
     * (SQLSTATE class 22, which {@code enqueue} refuses as {@code MALFORMED_PAYLOAD}: enqueue them one
     * by one to learn which).
     */
    public static List<EnqueueOutcome> enqueueEach(Connection connection, List<NewCommand> commands) throws SQLException {
        EnqueueOutcome[] outcomes = new EnqueueOutcome[commands.size()];
        List<Integer> places = new ArrayList<>();
        List<Validated> valid = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            try {
                valid.add(validate(commands.get(i)));
                places.add(i);
            } catch (InvalidCommandException e) {
                outcomes[i] = EnqueueOutcome.refused(e);
            }
        }
        if (!valid.isEmpty()) {
            Map<List<String>, EnqueuedCommand> inserted = insertEach(connection, valid);
            List<Integer> stored = new ArrayList<>();
            for (int j = 0; j < valid.size(); j++) {
                // Only the first of a key's places is the one inserted; the others replay it.
                EnqueuedCommand created = inserted.remove(List.of(valid.get(j).command.tenantId(), valid.get(j).command.idempotencyKey()));
                if (created != null) {
                    outcomes[places.get(j)] = EnqueueOutcome.stored(created);
                } else {
                    stored.add(j);
                }
            }
            if (!stored.isEmpty()) {
                existingEach(connection, valid, places, stored, outcomes);
            }
        }
        return List.of(outcomes);
    }

    private static Map<List<String>, EnqueuedCommand> insertEach(Connection connection, List<Validated> valid) throws SQLException {
        Map<List<String>, EnqueuedCommand> inserted = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EACH)) {
            bindAll(connection, insert, valid);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.put(List.of(rs.getString(3), rs.getString(4)),
                            new EnqueuedCommand(rs.getLong(1), CommandStatus.fromStored(rs.getString(2)), true));
                }
            }
        }
        return inserted;
    }

    /** The outcomes of the commands at {@code stored} (indexes into {@code valid}) whose keys were stored before. */
    private static void existingEach(Connection connection, List<Validated> valid, List<Integer> places, List<Integer> stored,
                                     EnqueueOutcome[] outcomes) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EXISTING_EACH)) {
            bindAll(connection, select, stored.stream().map(valid::get).toList());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int j = stored.get(rs.getInt(1) - 1);
                    outcomes[places.get(j)] = rs.getBoolean(4)
                            ? EnqueueOutcome.stored(new EnqueuedCommand(rs.getLong(2), CommandStatus.fromStored(rs.getString(3)), false))
                            : EnqueueOutcome.refused(reused(valid.get(j).command.idempotencyKey(), rs.getLong(2)));
                }
            }
        }
        for (int j : stored) {
            if (outcomes[places.get(j)] == null) {
                // As in enqueue: the conflicting row was inserted by a transaction that has since rolled back.
                throw new SQLException("idempotency key " + valid.get(j).command.idempotencyKey() + " conflicted but is not visible; retry", "40001");
            }
        }
    }

    /** Enqueues many commands in one statement (load generation); returns how many were new. */
    public static int enqueueAll(Connection connection, List<NewCommand> commands) throws SQLException {
        List<Validated> valid = new ArrayList<>(commands.size());
        for (NewCommand command : commands) {
            valid.add(validate(command));
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
            bindAll(connection, insert, valid);
            return insert.executeUpdate();
        } catch (SQLException e) {
            if (isDataException(e)) {
                throw notStorable(e);
            }
            throw e;
        }
    }

    /** Binds the five column arrays of INSERT_ALL, INSERT_EACH and EXISTING_EACH. */
    private static void bindAll(Connection connection, PreparedStatement insert, List<Validated> valid) throws SQLException {
        int size = valid.size();
        String[] tenants = new String[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        String[] keys = new String[size];
        String[] orderingKeys = new String[size];
        for (int i = 0; i < size; i++) {
            Validated v = valid.get(i);
            tenants[i] = v.command.tenantId();
            types[i] = v.type.name();
            payloads[i] = v.payload.json();
            keys[i] = v.command.idempotencyKey();
            orderingKeys[i] = v.orderingKey();
        }
        insert.setArray(1, connection.createArrayOf("text", tenants));
        insert.setArray(2, connection.createArrayOf("text", types));
        insert.setArray(3, connection.createArrayOf("text", payloads));
        insert.setArray(4, connection.createArrayOf("text", keys));
        insert.setArray(5, connection.createArrayOf("text", orderingKeys));
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
                    throw reused(valid.command.idempotencyKey(), rs.getLong(1));
                }
                return new EnqueuedCommand(rs.getLong(1), CommandStatus.fromStored(rs.getString(2)), false);
            }
        }
    }

    private static InvalidCommandException reused(String idempotencyKey, long storedId) {
        return new InvalidCommandException(IDEMPOTENCY_KEY_REUSED, "idempotency key '" + idempotencyKey
                + "' already names command " + storedId + " with a different type or payload");
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
