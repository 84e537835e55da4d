package dev.tokenomics.client.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Figures for a run: commands by status and failure reason, retries, conflicts, throughput, latency,
 * and how the confirmed commands were packed into ledger transactions.
 */
public record OutboxSummary(Map<String, Long> byStatus, Map<String, Long> failedByReason, long retries, long conflicts,
                            double confirmedPerSecond, Double p50Millis, Double p99Millis, Packing packing) {

    /**
     * The ledger transactions that carried the run's confirmed commands, and how many of those each
     * carried (envelopes hold up to the submitter's --max-per-tx; a lone command is its own). Fewer,
     * fuller transactions are what throughput follows; many part-filled ones mean the submitters
     * split the run's wallets between them. Zeros when nothing is confirmed.
     */
    public record Packing(long transactions, long fewest, double mean, long most) {
    }

    /** Selects the tenant's commands whose idempotency key starts with the prefix ("" for all). */
    private static final String COMMANDS = "FROM outbox_command WHERE tenant_id = ? AND starts_with(idempotency_key, ?)";

    public static OutboxSummary of(DataSource dataSource, String tenantId) throws SQLException {
        return of(dataSource, tenantId, "");
    }

    /**
     * Figures for the tenant's commands whose idempotency key starts with {@code keyPrefix}: one run
     * of a workload whose keys share a prefix, apart from the runs before it.
     */
    public static OutboxSummary of(DataSource dataSource, String tenantId, String keyPrefix) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Long> byStatus = counts(connection, "SELECT status, count(*) " + COMMANDS + " GROUP BY status ORDER BY status",
                    tenantId, keyPrefix);
            Map<String, Long> failed = counts(connection, "SELECT error_code, count(*) " + COMMANDS
                    + " AND status = 'FAILED' GROUP BY error_code ORDER BY count(*) DESC", tenantId, keyPrefix);
            try (PreparedStatement figures = connection.prepareStatement("""
                    SELECT COALESCE(sum(GREATEST(attempts - 1, 0)), 0), COALESCE(sum(conflicts), 0),
                           count(*) FILTER (WHERE status = 'CONFIRMED')
                               / GREATEST(EXTRACT(EPOCH FROM max(confirmed_at) - min(created_at)), 0.001),
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM confirmed_at - created_at) * 1000)
                               FILTER (WHERE status = 'CONFIRMED'),
                           percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM confirmed_at - created_at) * 1000)
                               FILTER (WHERE status = 'CONFIRMED')
                    """ + COMMANDS)) {
                figures.setString(1, tenantId);
                figures.setString(2, keyPrefix);
                try (ResultSet rs = figures.executeQuery()) {
                    rs.next();
                    return new OutboxSummary(byStatus, failed, rs.getLong(1), rs.getLong(2), rs.getDouble(3),
                            (Double) rs.getObject(4), (Double) rs.getObject(5), packing(connection, tenantId, keyPrefix));
                }
            }
        }
    }

    private static Packing packing(Connection connection, String tenantId, String keyPrefix) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT count(*), COALESCE(min(n), 0), COALESCE(avg(n), 0), COALESCE(max(n), 0)
                FROM (SELECT count(*) AS n\s""" + COMMANDS + " AND status = 'CONFIRMED' GROUP BY fabric_tx_id) per_transaction")) {
            select.setString(1, tenantId);
            select.setString(2, keyPrefix);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new Packing(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4));
            }
        }
    }

    /** How many of the tenant's commands whose key starts with {@code keyPrefix} are CONFIRMED or FAILED. */
    public static long finalCount(DataSource dataSource, String tenantId, String keyPrefix) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) " + COMMANDS + " AND status IN ('CONFIRMED', 'FAILED')")) {
            select.setString(1, tenantId);
            select.setString(2, keyPrefix);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Long> counts(Connection connection, String sql, String tenantId, String keyPrefix) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenantId);
            select.setString(2, keyPrefix);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(String.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Commands not yet terminal (PENDING, PROCESSING or committed but not projected). */
    public long open() {
        return byStatus.getOrDefault("PENDING", 0L) + byStatus.getOrDefault("PROCESSING", 0L) + byStatus.getOrDefault("COMMITTED", 0L);
    }
}
