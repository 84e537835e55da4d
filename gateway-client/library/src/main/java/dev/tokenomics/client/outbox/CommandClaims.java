package dev.tokenomics.client.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims commands for a worker and renews the leases of the ones it still holds. */
final class CommandClaims {
    private static final Logger log = LoggerFactory.getLogger(CommandClaims.class);

    /*
     * One statement, two tight index ranges, each locked with SKIP LOCKED so concurrent claimers
     * pass over each other's rows instead of waiting:
     *  - expired: PROCESSING commands whose holder's lease ran out, taken over with no head test
     *    (the command in flight is the one its key waits for);
     *  - due: PENDING commands whose backoff elapsed, in due order, that head their ordering key:
     *    no command of the key in flight and no older PENDING one. So a key's commands run one at a
     *    time and in order. And none of whose wallets (ordering key, touch key: a transfer's
     *    destination) is written by a command in flight, which would make one of the two an MVCC
     *    conflict. That test is as good as the claim's snapshot (claimers of other processes may
     *    still race; the conflict is then retried), and commands of one batch that share a wallet
     *    are run one after the other by the worker (WalletWaves).
     * Each step has exactly one index that can answer it (see V4), so stale statistics cannot turn
     * a probe into a scan. The head tests are NOT EXISTS ... OFFSET 0: kept as per-row subplans,
     * re-evaluated when SKIP LOCKED rechecks a row that changed since the snapshot. The unique
     * index on in-flight ordering keys backs the rule when snapshots of concurrent claimers
     * disagree. Both ranges lock at most `limit` rows; the outer LIMIT keeps the batch at `limit`
     * (a due row locked but not taken stays PENDING).
     */
    private static final String CLAIM = """
            WITH expired AS MATERIALIZED (
                SELECT id FROM outbox_command
                WHERE lease_expires_at < now() AND tenant_id = ?
                ORDER BY lease_expires_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED),
            due AS MATERIALIZED (
                SELECT c.id FROM outbox_command c
                WHERE c.tenant_id = ? AND c.status = 'PENDING' AND c.next_attempt_at <= now()
                  AND NOT EXISTS (
                      SELECT FROM outbox_command busy
                      WHERE busy.tenant_id = c.tenant_id AND busy.ordering_key = c.ordering_key
                        AND busy.status = 'PROCESSING'
                      OFFSET 0)
                  AND NOT EXISTS (
                      SELECT FROM outbox_command older
                      WHERE older.tenant_id = c.tenant_id AND older.ordering_key = c.ordering_key
                        AND older.status = 'PENDING' AND older.id < c.id
                      OFFSET 0)
                  AND NOT EXISTS (
                      SELECT FROM outbox_command paying
                      WHERE paying.tenant_id = c.tenant_id AND paying.ordering_key = c.touch_key
                        AND paying.status = 'PROCESSING'
                      OFFSET 0)
                  AND NOT EXISTS (
                      SELECT FROM outbox_command paid
                      WHERE paid.tenant_id = c.tenant_id AND paid.touch_key IN (c.ordering_key, c.touch_key)
                        AND paid.locked_by IS NOT NULL
                      OFFSET 0)
                ORDER BY c.next_attempt_at, c.id
                LIMIT ?
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox_command o
            SET status = 'PROCESSING', locked_by = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                attempts = o.attempts + 1, updated_at = now()
            WHERE o.id = ANY (ARRAY(SELECT id FROM expired UNION ALL SELECT id FROM due LIMIT ?))
            RETURNING o.id, o.tenant_id, o.command_type, o.payload::text, o.idempotency_key, o.ordering_key,
                      o.touch_key, o.attempts, o.conflicts, (EXTRACT(EPOCH FROM now() - o.created_at) * 1000)::bigint,
                      o.fabric_tx_id, o.tx_bytes""";

    /*
     * For the claim's own short transaction. The claim is an index walk by design, and a plan that
     * is not one is a disaster that grows with the table: a sequential scan with the head probes
     * per row (an analyzed empty table makes that look cheapest, and a prepared statement keeps
     * that generic plan while the table grows), a bitmap scan that reads the whole due range before
     * its LIMIT, or a hash join over the whole outbox. The indexes of V4 leave the planner no
     * other path once those are off. JIT off: a mis-estimated cost once made every claim spend
     * ~300 ms compiling ~5 ms of work; and a slow claim holds the row locks of rows its recheck
     * dropped, stalling their owners' completions.
     * No wait for the WAL flush: a claim lost in a database crash leaves its commands PENDING, and
     * nothing was sent for them yet, because the worker stores the endorsed transaction with a
     * synchronous commit before submitting, and that flush covers the claim's earlier WAL.
     */
    private static final String CLAIM_SETTINGS = """
            SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
                   set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true)""";

    private static final String RENEW = """
            UPDATE outbox_command o SET lease_expires_at = now() + ? * interval '1 millisecond'
            FROM (SELECT id FROM outbox_command WHERE id = ANY (?) ORDER BY id FOR UPDATE) held
            WHERE o.id = held.id AND o.status = 'PROCESSING' AND o.locked_by = ?""";

    /*
     * Rows a worker holds while it holds nothing: a claim committed, but its reply was lost (the
     * connection or the database died at the commit), so the worker never learned of them and its
     * renewer does not renew them. Expiring their lease hands them to the takeover range of the
     * next claim now, instead of after a whole lease (minutes) of nobody working on them.
     */
    private static final String EXPIRE_ORPHANS = """
            UPDATE outbox_command SET lease_expires_at = now(), updated_at = now()
            WHERE locked_by = ? AND status = 'PROCESSING'""";

    private final DataSource dataSource;

    CommandClaims(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<ClaimedCommand> claim(String tenantId, String workerId, int limit, Duration lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            connection.setAutoCommit(false);
            try (PreparedStatement settings = connection.prepareStatement(CLAIM_SETTINGS)) {
                settings.execute();
            }
            claim.setString(1, tenantId);
            claim.setInt(2, limit);
            claim.setString(3, tenantId);
            claim.setInt(4, limit);
            claim.setString(5, workerId);
            claim.setLong(6, lease.toMillis());
            claim.setInt(7, limit);
            List<ClaimedCommand> claimed = new ArrayList<>();
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    // The type stays text here: a row no command type names is failed by the worker,
                    // never allowed to break the claim of the rows next to it.
                    claimed.add(new ClaimedCommand(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), Duration.ofMillis(rs.getLong(10)),
                            rs.getString(11), rs.getBytes(12)));
                }
            }
            connection.commit();
            claimed.sort(java.util.Comparator.comparingLong(ClaimedCommand::id));
            return claimed;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                // Two claimers picked different commands of one ordering key; the index refused the
                // second. Nothing was claimed; the next poll sees the committed state.
                log.debug("claim by {} lost an ordering-key race; retrying on next poll", workerId);
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Releases, for takeover, the commands locked by {@code workerId}; only for a worker that holds
     * nothing in flight, after a claim whose outcome it could not learn. Returns how many.
     */
    public int expireOrphans(String workerId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement expire = connection.prepareStatement(EXPIRE_ORPHANS)) {
            expire.setString(1, workerId);
            return expire.executeUpdate();
        }
    }

    /** Extends the leases this worker still holds; returns how many it still holds. */
    public int renew(String workerId, Collection<Long> ids, Duration lease) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement renew = connection.prepareStatement(RENEW)) {
            // Sorted, like every other multi-row update of the outbox, so renewal and completion cannot deadlock.
            Array idArray = connection.createArrayOf("bigint", ids.stream().sorted().toArray());
            renew.setLong(1, lease.toMillis());
            renew.setArray(2, idArray);
            renew.setString(3, workerId);
            return renew.executeUpdate();
        }
    }
}
