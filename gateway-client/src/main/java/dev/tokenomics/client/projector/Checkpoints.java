package dev.tokenomics.client.projector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Reads the projector checkpoint: the next block to apply for (tenant, channel). */
public final class Checkpoints {
    private final DataSource dataSource;

    public Checkpoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long readOrCreate(String tenantId, String channel) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO projector_checkpoint (tenant_id, channel, next_block) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
                insert.setString(1, tenantId);
                insert.setString(2, channel);
                insert.executeUpdate();
            }
            return read(connection, tenantId, channel).orElseThrow();
        }
    }

    public OptionalLong read(String tenantId, String channel) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, tenantId, channel);
        }
    }

    private static OptionalLong read(Connection connection, String tenantId, String channel) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT next_block FROM projector_checkpoint WHERE tenant_id = ? AND channel = ?")) {
            select.setString(1, tenantId);
            select.setString(2, channel);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
