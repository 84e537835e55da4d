package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Every status change a worker makes. Each is conditioned on {@code status = 'PROCESSING' AND
 * locked_by = <worker>}: a row that does not match belongs to someone else now (lease taken over,
 * or already confirmed by the projector) and is left untouched.
 */
final class CommandTransitions {
    /*
     * The batch statements below take their values from arrays, one element per command, and find
     * each row by "id = ANY (ids)" (the primary key), its values at its id's place in the array. The
     * arrays come in through a one-row subquery, which PostgreSQL flattens, so each is bound once.
     * Joining an unnest of the arrays instead is O(n^2): PostgreSQL estimates "status = 'PROCESSING'
     * AND locked_by = ?" at about one row (PROCESSING rows are a sliver of the table), so it drives
     * the join from outbox_command and rescans the unnest for each row found; for a 1,000-command
     * envelope that took 0.2-0.6 s per statement, against about 25 ms this way. An id's place comes
     * from a JSON object of id -> place bound with the arrays ("places", see #places): a jsonb key
     * lookup is a binary search, where array_position(ids, id) walks the array, itself O(n^2) over
     * a batch (20 of the 50 ms a 1,000-command JOIN_ENVELOPE took). In their text, "{place}" stands
     * for that place, from 1 ({@link #byIdPlace}).
     */
    private static final String RECORD_ENDORSED = byIdPlace("""
            UPDATE outbox_command o SET fabric_tx_id = v.tx_ids[{place}], tx_bytes = v.tx_bytes[{place}], updated_at = now()
            FROM (SELECT ?::bigint[] AS ids, ?::jsonb AS places, ?::text[] AS tx_ids, ?::bytea[] AS tx_bytes) v
            WHERE o.id = ANY (v.ids) AND o.status = 'PROCESSING' AND o.locked_by = ?
            RETURNING o.id""");

    private static final String COMMITTED = byIdPlace("""
            UPDATE outbox_command o SET status = 'COMMITTED', block_number = v.blocks[{place}],
                   validation_code = 'VALID', locked_by = NULL, lease_expires_at = NULL, committed_at = now(), updated_at = now()
            FROM (SELECT ?::bigint[] AS ids, ?::jsonb AS places, ?::bigint[] AS blocks) v
            WHERE o.id = ANY (v.ids) AND o.status = 'PROCESSING' AND o.locked_by = ?""");

    private static final String FAILED = byIdPlace("""
            UPDATE outbox_command o SET status = 'FAILED', error_code = v.codes[{place}], validation_code = v.validations[{place}],
                   error_detail = v.details[{place}], locked_by = NULL, lease_expires_at = NULL, updated_at = now()
            FROM (SELECT ?::bigint[] AS ids, ?::jsonb AS places, ?::text[] AS codes, ?::text[] AS validations, ?::text[] AS details) v
            WHERE o.id = ANY (v.ids) AND o.status = 'PROCESSING' AND o.locked_by = ?""");

    private static final String RETRY = byIdPlace("""
            UPDATE outbox_command o SET status = 'PENDING', locked_by = NULL, lease_expires_at = NULL,
                   next_attempt_at = now() + v.delays[{place}] * interval '1 millisecond',
                   fabric_tx_id = CASE WHEN v.discards[{place}] THEN NULL ELSE o.fabric_tx_id END,
                   tx_bytes = CASE WHEN v.discards[{place}] THEN NULL ELSE o.tx_bytes END,
                   conflicts = o.conflicts + CASE WHEN v.conflicts[{place}] THEN 1 ELSE 0 END,
                   attempts = o.attempts - CASE WHEN v.unanswered[{place}] THEN 1 ELSE 0 END,
                   holding_id = CASE WHEN v.discards[{place}] OR o.fabric_tx_id IS NULL THEN NULL ELSE o.holding_id END,
                   envelope_id = CASE WHEN v.discards[{place}] THEN NULL ELSE o.envelope_id END,
                   envelope_position = CASE WHEN v.discards[{place}] THEN NULL ELSE o.envelope_position END,
                   error_detail = v.details[{place}], updated_at = now()
            FROM (SELECT ?::bigint[] AS ids, ?::jsonb AS places, ?::bigint[] AS delays, ?::boolean[] AS discards, ?::boolean[] AS conflicts,
                         ?::boolean[] AS unanswered, ?::text[] AS details) v
            WHERE o.id = ANY (v.ids) AND o.status = 'PROCESSING' AND o.locked_by = ?""");

    /*
     * A command going back to PENDING keeps its holding (and so its wallets) only while it keeps a
     * transaction that may still commit (it waited out an outage after sending it): other commands on
     * its wallets would otherwise be endorsed against balances that transaction may yet change.
     */

    private static final String STORE_ENVELOPE = """
            INSERT INTO outbox_envelope (tenant_id, fabric_tx_id, tx_bytes, result) VALUES (?, ?, ?, ?) RETURNING id""";

    /** A command's envelope_position is its id's place in the (duplicate-free) id array, from 0. */
    private static final String JOIN_ENVELOPE = byIdPlace("""
            UPDATE outbox_command o SET envelope_id = ?, envelope_position = {place} - 1,
                   fabric_tx_id = ?, updated_at = now()
            FROM (SELECT ?::bigint[] AS ids, ?::jsonb AS places) v
            WHERE o.id = ANY (v.ids) AND o.status = 'PROCESSING' AND o.locked_by = ?
            RETURNING o.id""");

    /*
     * Gives back commands claimed but never endorsed by this worker, as if never claimed: the claim's
     * attempt is not counted, and a command keeps its holding only if it keeps a transaction of an
     * earlier attempt that may still commit (see RETRY).
     */
    private static final String UNCLAIM = """
            UPDATE outbox_command o SET status = 'PENDING', locked_by = NULL, lease_expires_at = NULL, attempts = o.attempts - 1,
                   holding_id = CASE WHEN o.fabric_tx_id IS NULL THEN NULL ELSE o.holding_id END, updated_at = now()
            WHERE o.id = ANY (?) AND o.status = 'PROCESSING' AND o.locked_by = ?""";

    /*
     * The holdings of a batch's commands, locked before the commands change: two workers finishing
     * parts of one holding (a takeover can split one) then release it one after the other, and the
     * second sees the first's changes, so the last one out always releases.
     */
    private static final String LOCK_HOLDINGS = """
            SELECT h.id FROM outbox_holding h
            WHERE h.id IN (SELECT c.holding_id FROM outbox_command c WHERE c.id = ANY (?) AND c.holding_id IS NOT NULL)
            ORDER BY h.id FOR UPDATE""";

    /*
     * The same, for a worker that knows its commands' holdings (from its claim: a command's holding
     * changes only while nobody holds it, so it is the one the row names while the worker does): no
     * reading of the commands, which for a 1,000-command envelope was most of the statement.
     */
    private static final String LOCK_KNOWN_HOLDINGS = """
            SELECT id FROM outbox_holding WHERE id = ANY (?) ORDER BY id FOR UPDATE""";

    /*
     * A holding goes with its wallet locks, in one statement (V17): the wallets are free for the next
     * claim. The notification (sent at commit, one per tenant) wakes the workers of every process
     * whose claims found their due commands behind those wallets (OutboxListener).
     */
    private static final String RELEASE = """
            WITH released AS (
                DELETE FROM outbox_holding h WHERE h.id = ANY (?)
                  AND NOT EXISTS (SELECT FROM outbox_command c WHERE c.holding_id = h.id AND c.status IN ('PENDING', 'PROCESSING'))
                RETURNING h.id, h.tenant_id),
            unlocked AS (DELETE FROM outbox_wallet_lock l WHERE l.holding_id IN (SELECT id FROM released))
            SELECT pg_notify('%s', current_schema() || ':' || tenant_id) FROM (SELECT DISTINCT tenant_id FROM released) t"""
            .formatted(OutboxListener.RELEASED_CHANNEL);

    private static String byIdPlace(String sql) {
        return sql.replace("{place}", "(v.places ->> o.id::text)::int");
    }

    /** Binds {@code ids} and their "places" (see {@link #byIdPlace}) at {@code index} and the parameter after it. */
    private static void bindIds(Connection connection, PreparedStatement statement, int index, List<Long> ids) throws SQLException {
        statement.setArray(index, connection.createArrayOf("bigint", ids.toArray()));
        // Untyped (not varchar), so the server takes it as the jsonb it is cast to: bound as text, the
        // cast stays in the plan and parses the whole object again for every row.
        statement.setObject(index + 1, places(ids), java.sql.Types.OTHER);
    }

    /** Each id's place in {@code ids}, from 1, as a JSON object: {"17":1,"12":2}. */
    private static String places(List<Long> ids) {
        StringBuilder json = new StringBuilder(ids.size() * 12).append('{');
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append("\":").append(i + 1);
        }
        return json.append('}').toString();
    }

    private final DataSource dataSource;

    CommandTransitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores tx id + endorsed bytes before submission; returns the ids this worker still owns. */
    Set<Long> recordEndorsed(String workerId, List<Long> ids, List<String> txIds, List<byte[]> bytes) throws SQLException {
        if (ids.isEmpty()) {
            return new HashSet<>();
        }
        return inTransaction(true, connection -> {
            try (PreparedStatement update = connection.prepareStatement(RECORD_ENDORSED)) {
                bindIds(connection, update, 1, ids);
                update.setArray(3, connection.createArrayOf("text", txIds.toArray()));
                update.setArray(4, connection.createArrayOf("bytea", bytes.toArray(new byte[0][])));
                update.setString(5, workerId);
                return ids(update);
            }
        });
    }

    /**
     * Stores an endorsed envelope once, and each command's place in it, before it is submitted;
     * returns the ids this worker still owns. Waits for the WAL flush (the default): these are the
     * bytes a takeover resubmits as the same transaction.
     */
    Set<Long> recordEnvelope(String workerId, String tenantId, List<Long> ids, PreparedTransaction transaction) throws SQLException {
        return inTransaction(true, connection -> {
            long envelopeId;
            try (PreparedStatement insert = connection.prepareStatement(STORE_ENVELOPE)) {
                insert.setString(1, tenantId);
                insert.setString(2, transaction.transactionId());
                insert.setBytes(3, transaction.bytes());
                insert.setString(4, transaction.result());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    envelopeId = rs.getLong(1);
                }
            }
            try (PreparedStatement update = connection.prepareStatement(JOIN_ENVELOPE)) {
                update.setLong(1, envelopeId);
                update.setString(2, transaction.transactionId());
                bindIds(connection, update, 3, ids);
                update.setString(5, workerId);
                return ids(update);
            }
        });
    }

    /** The ids a statement's RETURNING o.id gives. */
    private static Set<Long> ids(PreparedStatement statement) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Applies a batch's outcomes; returns the number of rows changed (rows owned by others are skipped). */
    int apply(String workerId, BatchOutcome outcome) throws SQLException {
        return apply(workerId, outcome, List.of(), null);
    }

    /**
     * Applies a batch's outcomes and, in the same transaction, gives back {@code unclaimed}: commands
     * this worker claimed into the batch's holding but will not deliver (see {@link #unclaim}).
     * The transaction waits for its WAL flush only when the batch failed a command: FAILED is
     * terminal, a client may act on it, and a database crash that lost it would run the command
     * again. COMMITTED (reported as PROCESSING until the projector confirms) and a retry back to
     * PENDING are recoverable if lost: the command is PROCESSING again with its stored transaction,
     * and whoever takes it over resubmits or re-endorses it, which the ledger's duplicate check and
     * the chaincode idempotency key make harmless. Skipping that flush is most of the cost of the
     * statement (measured on this machine: 3.4-5.4 ms -> 1.8 ms per 100). {@code holdings}: every
     * holding the commands are in, as their claim returned them ({@link ClaimedCommand#holdingId}),
     * or null to read them from the commands.
     */
    int apply(String workerId, BatchOutcome outcome, List<Long> unclaimed, Set<Long> holdings) throws SQLException {
        if (outcome.isEmpty() && unclaimed.isEmpty()) {
            return 0;
        }
        // Row locks in id order on every writer (here and in the projector) keep deadlocks rare.
        outcome.committed.sort(Comparator.comparingLong(BatchOutcome.Committed::id));
        outcome.failed.sort(Comparator.comparingLong(BatchOutcome.Failed::id));
        outcome.retries.sort(Comparator.comparingLong(BatchOutcome.Retry::id));
        return inTransaction(!outcome.failed.isEmpty(), connection -> {
            List<Long> locked = holdings != null ? lockKnownHoldings(connection, holdings) : lockHoldings(connection, outcome, unclaimed);
            int changed = applyIn(connection, workerId, outcome) + unclaimIn(connection, workerId, unclaimed);
            release(connection, locked);
            return changed;
        });
    }

    /** Gives back commands this worker claimed and will not deliver (never endorsed by it); returns how many. */
    int unclaim(String workerId, List<Long> ids) throws SQLException {
        return apply(workerId, new BatchOutcome(), ids, null);
    }

    /*
     * The settings of each transaction here. Its statements find the rows they change by primary key
     * ("id = ANY (ids)": the index scan takes the ids in sorted order), so every writer locks a batch's
     * rows in id order, as the projector does (it sorts before it locks). A sequential or bitmap scan
     * would lock them in the order of the table's pages, and a worker and the projector taking one
     * envelope's rows in two orders deadlock: PostgreSQL lets both wait deadlock_timeout (1 s by
     * default) before it aborts one. Seen where the statistics were stale (autovacuum off) and the
     * planner took the table for a few pages: four such deadlocks in one 10,000-command burst.
     * Without waitForFlush, synchronous_commit is off (see apply); else it stays as configured.
     * A bounded idle time (IdleTransactionBound): a worker paused mid-transaction must not keep the
     * holding rows it locked, and so the wallets of commands already confirmed, for the whole pause.
     * A transaction that loses a deadlock (or a serialization failure) is simply run again, a few times.
     */
    private static final String SETTINGS = """
            SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
                   set_config('synchronous_commit', CASE WHEN ? THEN current_setting('synchronous_commit') ELSE 'off' END, true),
                   set_config('idle_in_transaction_session_timeout', ?, true)""";

    private <T> T inTransaction(boolean waitForFlush, OutboxTransaction.Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return tryTransaction(waitForFlush, work);
            } catch (SQLException e) {
                boolean retryable = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!retryable || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private <T> T tryTransaction(boolean waitForFlush, OutboxTransaction.Work<T> work) throws SQLException {
        return OutboxTransaction.run(dataSource, connection -> {
            try (PreparedStatement settings = connection.prepareStatement(SETTINGS)) {
                settings.setBoolean(1, waitForFlush);
                settings.setString(2, Long.toString(IdleTransactionBound.MILLIS));
                settings.execute();
            }
        }, work);
    }

    private static List<Long> lockHoldings(Connection connection, BatchOutcome outcome, List<Long> unclaimed) throws SQLException {
        List<Long> ids = new ArrayList<>(unclaimed);
        outcome.committed.forEach(c -> ids.add(c.id()));
        outcome.failed.forEach(f -> ids.add(f.id()));
        outcome.retries.forEach(r -> ids.add(r.id()));
        return lockHoldings(connection, LOCK_HOLDINGS, ids);
    }

    private static List<Long> lockKnownHoldings(Connection connection, Set<Long> holdings) throws SQLException {
        return holdings.isEmpty() ? List.of() : lockHoldings(connection, LOCK_KNOWN_HOLDINGS, holdings);
    }

    /** Locks the holdings {@code statement} finds for {@code ids} (commands, or holdings); returns the ones that still exist. */
    private static List<Long> lockHoldings(Connection connection, String statement, Collection<Long> ids) throws SQLException {
        List<Long> holdings = new ArrayList<>();
        try (PreparedStatement lock = connection.prepareStatement(statement)) {
            lock.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    holdings.add(rs.getLong(1));
                }
            }
        }
        return holdings;
    }

    private static void release(Connection connection, List<Long> holdings) throws SQLException {
        if (holdings.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(RELEASE)) {
            delete.setArray(1, connection.createArrayOf("bigint", holdings.toArray()));
            delete.executeQuery().close();
        }
    }

    private static int unclaimIn(Connection connection, String workerId, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement(UNCLAIM)) {
            update.setArray(1, connection.createArrayOf("bigint", ids.stream().sorted().toArray()));
            update.setString(2, workerId);
            return update.executeUpdate();
        }
    }

    private static int applyIn(Connection connection, String workerId, BatchOutcome outcome) throws SQLException {
        int changed = 0;
        if (!outcome.committed.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(COMMITTED)) {
                bindIds(connection, update, 1, outcome.committed.stream().map(BatchOutcome.Committed::id).toList());
                update.setArray(3, connection.createArrayOf("bigint", outcome.committed.stream().map(BatchOutcome.Committed::blockNumber).toArray()));
                update.setString(4, workerId);
                changed += update.executeUpdate();
            }
        }
        if (!outcome.failed.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(FAILED)) {
                bindIds(connection, update, 1, outcome.failed.stream().map(BatchOutcome.Failed::id).toList());
                update.setArray(3, connection.createArrayOf("text", outcome.failed.stream().map(BatchOutcome.Failed::errorCode).toArray()));
                update.setArray(4, connection.createArrayOf("text", outcome.failed.stream().map(BatchOutcome.Failed::validationCode).toArray()));
                update.setArray(5, connection.createArrayOf("text", outcome.failed.stream().map(BatchOutcome.Failed::detail).toArray()));
                update.setString(6, workerId);
                changed += update.executeUpdate();
            }
        }
        if (!outcome.retries.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(RETRY)) {
                bindIds(connection, update, 1, outcome.retries.stream().map(BatchOutcome.Retry::id).toList());
                update.setArray(3, connection.createArrayOf("bigint", outcome.retries.stream().map(BatchOutcome.Retry::delayMillis).toArray()));
                update.setArray(4, connection.createArrayOf("boolean", outcome.retries.stream().map(BatchOutcome.Retry::discardTransaction).toArray()));
                update.setArray(5, connection.createArrayOf("boolean", outcome.retries.stream().map(BatchOutcome.Retry::conflict).toArray()));
                update.setArray(6, connection.createArrayOf("boolean", outcome.retries.stream().map(BatchOutcome.Retry::unanswered).toArray()));
                update.setArray(7, connection.createArrayOf("text", outcome.retries.stream().map(BatchOutcome.Retry::detail).toArray()));
                update.setString(8, workerId);
                changed += update.executeUpdate();
            }
        }
        return changed;
    }
}
