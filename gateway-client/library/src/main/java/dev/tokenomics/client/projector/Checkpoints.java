package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The projector checkpoint of (tenant, channel): the next block to apply and the chain it follows.
 * Advanced only by {@link BlockApplier}, in the block's own DB transaction.
 */
final class Checkpoints {
    private static final String SELECT = """
            SELECT next_block, genesis_hash, last_block_hash FROM projector_checkpoint WHERE tenant_id = ? AND channel = ?""";

    private final DataSource dataSource;

    Checkpoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Checkpoint readOrCreate(String tenantId, String channel) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO projector_checkpoint (tenant_id, channel, next_block) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
                insert.setString(1, tenantId);
                insert.setString(2, channel);
                insert.executeUpdate();
            }
            return read(connection, tenantId, channel, "").orElseThrow();
        }
    }

    public Optional<Checkpoint> checkpoint(String tenantId, String channel) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, tenantId, channel, "");
        }
    }

    /** The checkpoint row locked until {@code connection}'s transaction ends (the applier's serialisation point). */
    static Optional<Checkpoint> lock(Connection connection, String tenantId, String channel) throws SQLException {
        return read(connection, tenantId, channel, " FOR UPDATE");
    }

    /** Throws {@link LedgerMismatchException} if {@code checkpoint} follows a chain whose genesis block is not {@code ledgerGenesis}. */
    public static void requireGenesis(Checkpoint checkpoint, ByteString ledgerGenesis, String tenantId, String channel) {
        if (checkpoint.genesisHash() != null && !checkpoint.genesisHash().equals(ledgerGenesis)) {
            throw LedgerMismatchException.otherGenesis(tenantId, channel, checkpoint.genesisHash(), ledgerGenesis);
        }
    }

    /**
     * Records the genesis hash of a checkpoint written before chain identity existed (or before its
     * first block); a recorded one is never replaced. The caller has checked the recorded one first.
     */
    public void adoptGenesis(String tenantId, String channel, ByteString genesisHash) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE projector_checkpoint SET genesis_hash = ? WHERE tenant_id = ? AND channel = ? AND genesis_hash IS NULL")) {
            update.setBytes(1, genesisHash.toByteArray());
            update.setString(2, tenantId);
            update.setString(3, channel);
            update.executeUpdate();
        }
    }

    /** Deletes the checkpoint with the tenant's read model, under the lease (see {@link ReadModelRebuild}). */
    void rebuild(String tenantId, String channel, ProjectorLease lease) throws SQLException {
        ReadModelRebuild.clear(dataSource, tenantId, channel, lease);
    }

    private static Optional<Checkpoint> read(Connection connection, String tenantId, String channel, String suffix) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + suffix)) {
            select.setString(1, tenantId);
            select.setString(2, channel);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getLong(1), bytes(rs, 2), bytes(rs, 3))) : Optional.empty();
            }
        }
    }

    private static ByteString bytes(ResultSet rs, int column) throws SQLException {
        byte[] value = rs.getBytes(column);
        return value == null ? null : ByteString.copyFrom(value);
    }
}
