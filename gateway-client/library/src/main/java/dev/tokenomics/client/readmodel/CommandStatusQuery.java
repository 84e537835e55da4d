package dev.tokenomics.client.readmodel;

import dev.tokenomics.client.outbox.CommandStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Status lookups by command id or idempotency key, always scoped to a tenant. */
public final class CommandStatusQuery {
    private static final String COLUMNS = """
            SELECT id, idempotency_key, command_type, status, error_code, error_detail, fabric_tx_id, block_number, attempts,
                   created_at, confirmed_at
            FROM outbox_command WHERE tenant_id = ? AND\s""";

    private final DataSource dataSource;

    public CommandStatusQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<CommandStatusView> byId(String tenantId, long id) throws SQLException {
        return one(COLUMNS + "id = ?", tenantId, id);
    }

    public Optional<CommandStatusView> byIdempotencyKey(String tenantId, String key) throws SQLException {
        return one(COLUMNS + "idempotency_key = ?", tenantId, key);
    }

    private Optional<CommandStatusView> one(String sql, String tenantId, Object value) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenantId);
            select.setObject(2, value);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CommandStatusView(rs.getLong(1), rs.getString(2), rs.getString(3),
                        CommandStatus.fromStored(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        (Long) rs.getObject(8), rs.getInt(9), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11))));
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
