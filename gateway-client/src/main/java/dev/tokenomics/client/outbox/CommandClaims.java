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
public final class CommandClaims {
    private static final Logger log = LoggerFactory.getLogger(CommandClaims.class);

    /*
     * One statement. A command is claimable if it is due (PENDING and its backoff elapsed) or its
     * holder's lease expired (PROCESSING, taken over), AND it is the oldest open command of its
     * ordering key: so a key's commands run one at a time and in order. (The head test is a
     * correlated LIMIT 1 subquery so it is always an index probe on (tenant, ordering key, id),
     * whatever the planner's statistics say right after a bulk load.) SKIP LOCKED lets concurrent
     * claimers pass over each other's rows instead of waiting; the unique index on in-flight
     * ordering keys backs the head-of-queue rule when snapshots of concurrent claimers disagree.
     */
    private static final String CLAIM = """
            WITH candidate AS (
                SELECT c.id FROM outbox_command c
                WHERE c.tenant_id = ?
                  AND c.status IN ('PENDING', 'PROCESSING')
                  AND ((c.status = 'PENDING' AND c.next_attempt_at <= now())
                       OR (c.status = 'PROCESSING' AND c.lease_expires_at < now()))
                  AND c.id = (
                      SELECT head.id FROM outbox_command head
                      WHERE head.tenant_id = c.tenant_id AND head.ordering_key = c.ordering_key
                        AND head.status IN ('PENDING', 'PROCESSING')
                      ORDER BY head.id LIMIT 1)
                ORDER BY c.id
                LIMIT ?
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox_command o
            SET status = 'PROCESSING', locked_by = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                attempts = o.attempts + 1, updated_at = now()
            FROM candidate
            WHERE o.id = candidate.id
            RETURNING o.id, o.tenant_id, o.command_type, o.payload::text, o.idempotency_key, o.ordering_key,
                      o.attempts, o.fabric_tx_id, o.tx_bytes""";

    private static final String RENEW = """
            UPDATE outbox_command o SET lease_expires_at = now() + ? * interval '1 millisecond'
            FROM (SELECT id FROM outbox_command WHERE id = ANY (?) ORDER BY id FOR UPDATE) held
            WHERE o.id = held.id AND o.status = 'PROCESSING' AND o.locked_by = ?""";

    private final DataSource dataSource;

    public CommandClaims(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<ClaimedCommand> claim(String tenantId, String workerId, int limit, Duration lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            // The claim's estimated cost (a correlated head probe per candidate) crosses
            // jit_above_cost, and compiling it on every poll took ~300 ms against ~5 ms of work;
            // a slow claim also holds the row locks it took on rows its recheck dropped, stalling
            // their owners' completions. So: no JIT, in the claim's own short transaction.
            connection.setAutoCommit(false);
            try (var noJit = connection.createStatement()) {
                noJit.execute("SET LOCAL jit = off");
            }
            claim.setString(1, tenantId);
            claim.setInt(2, limit);
            claim.setString(3, workerId);
            claim.setLong(4, lease.toMillis());
            List<ClaimedCommand> claimed = new ArrayList<>();
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new ClaimedCommand(rs.getLong(1), rs.getString(2), CommandType.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getBytes(9)));
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
