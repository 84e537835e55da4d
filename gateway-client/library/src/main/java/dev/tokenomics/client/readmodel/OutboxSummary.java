package dev.tokenomics.client.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Figures for a run: commands by status and failure reason, retries, conflicts, throughput, latency. */
public record OutboxSummary(Map<String, Long> byStatus, Map<String, Long> failedByReason, long retries, long conflicts,
                            double confirmedPerSecond, Double p50Millis, Double p99Millis) {

    public static OutboxSummary of(DataSource dataSource, String tenantId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Long> byStatus = counts(connection,
                    "SELECT status, count(*) FROM outbox_command WHERE tenant_id = ? GROUP BY status ORDER BY status", tenantId);
            Map<String, Long> failed = counts(connection, "SELECT error_code, count(*) FROM outbox_command WHERE tenant_id = ? "
                    + "AND status = 'FAILED' GROUP BY error_code ORDER BY count(*) DESC", tenantId);
            try (PreparedStatement figures = connection.prepareStatement("""
                    SELECT COALESCE(sum(GREATEST(attempts - 1, 0)), 0), COALESCE(sum(conflicts), 0),
                           count(*) FILTER (WHERE status = 'CONFIRMED')
                               / GREATEST(EXTRACT(EPOCH FROM max(confirmed_at) - min(created_at)), 0.001),
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM confirmed_at - created_at) * 1000)
                               FILTER (WHERE status = 'CONFIRMED'),
                           percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM confirmed_at - created_at) * 1000)
                               FILTER (WHERE status = 'CONFIRMED')
                    FROM outbox_command WHERE tenant_id = ?""")) {
                figures.setString(1, tenantId);
                try (ResultSet rs = figures.executeQuery()) {
                    rs.next();
                    return new OutboxSummary(byStatus, failed, rs.getLong(1), rs.getLong(2), rs.getDouble(3),
                            (Double) rs.getObject(4), (Double) rs.getObject(5));
                }
            }
        }
    }

    private static Map<String, Long> counts(Connection connection, String sql, String tenantId) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenantId);
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
