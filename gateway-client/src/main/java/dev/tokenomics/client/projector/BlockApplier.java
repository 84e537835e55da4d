package dev.tokenomics.client.projector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies consecutive blocks to the read model in ONE database transaction: checkpoint advance to
 * the block after the last (conditioned on the checkpoint being at the first), leadership fence,
 * transaction rows, wallets and owner profiles, outbox confirmations. Either every block of the
 * batch is applied and the checkpoint moves past them, or nothing is.
 */
public final class BlockApplier {
    private static final String ADVANCE = """
            UPDATE projector_checkpoint
            SET next_block = ?, total_supply = COALESCE(?, total_supply), valid_tx_count = valid_tx_count + ?,
                invalid_tx_count = invalid_tx_count + ?, holder = ?, updated_at = now()
            WHERE tenant_id = ? AND channel = ? AND next_block = ?""";

    private final DataSource dataSource;
    private final String tenantId;
    private final String channel;
    private final String holder;
    private final ReadModelWriter writer;

    public BlockApplier(DataSource dataSource, String tenantId, String channel, String holder) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.channel = channel;
        this.holder = holder;
        this.writer = new ReadModelWriter(tenantId);
    }

    /** Result of one applied batch of blocks {@code firstBlock..lastBlock}. */
    public record Applied(long firstBlock, long lastBlock, long validTransactions, int transfers, int confirmedCommands) {
        /** The checkpoint after this batch: the next block to apply. */
        public long nextBlock() {
            return lastBlock + 1;
        }

        public long blocks() {
            return lastBlock - firstBlock + 1;
        }
    }

    /**
     * Applies {@code blocks}, consecutive and starting at the checkpoint; throws
     * {@link LostLeadershipException} (and applies nothing) if the lease is gone or the checkpoint
     * is not at the first block (another instance applied it).
     */
    public Applied apply(List<ParsedBlock> blocks, ProjectorLease lease) throws SQLException {
        requireConsecutive(blocks);
        BatchChanges changes = BatchChanges.of(blocks, tenantId);
        long first = blocks.get(0).number();
        long last = blocks.get(blocks.size() - 1).number();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                relaxDurability(connection);
                advanceCheckpoint(connection, first, last, changes);
                fence(connection, lease);
                writer.insertTransactions(connection, changes.rows);
                writer.writeWalletsAndProfiles(connection, new ArrayList<>(changes.wallets.values()));
                int confirmed = writer.confirmCommands(connection, changes.byTxId, changes.byCommandKey);
                connection.commit();
                return new Applied(first, last, changes.validCount, changes.transfers, confirmed);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void requireConsecutive(List<ParsedBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no blocks to apply");
        }
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).number() != blocks.get(i - 1).number() + 1) {
                throw new IllegalArgumentException("blocks to apply together must be consecutive: " + blocks.get(i - 1).number()
                        + " is followed by " + blocks.get(i).number());
            }
        }
    }

    /*
     * Losing the last few block transactions in a PostgreSQL crash is harmless: read model, outbox
     * confirmations and checkpoint roll back together and the blocks are simply applied again.
     * Consistency is untouched, and the block commit does not wait for a WAL flush.
     * JIT is off for the block: the set-based statements' cost estimates cross jit_above_cost, and
     * compiling them each time costs more than running them (measured ~10x on a claim).
     */
    private static void relaxDurability(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit = off; SET LOCAL jit = off");
        }
    }

    private void advanceCheckpoint(Connection connection, long first, long last, BatchChanges changes) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
            update.setLong(1, last + 1);
            update.setObject(2, changes.totalSupply);
            update.setLong(3, changes.validCount);
            update.setLong(4, changes.invalidCount);
            update.setString(5, holder);
            update.setString(6, tenantId);
            update.setString(7, channel);
            update.setLong(8, first);
            if (update.executeUpdate() != 1) {
                throw new LostLeadershipException("checkpoint for " + tenantId + "/" + channel + " is no longer at block "
                        + first + ": another projector applied it");
            }
        }
    }

    private static void fence(Connection connection, ProjectorLease lease) throws SQLException {
        if (lease == null) {
            return; // replay without leadership (tests of the applier alone)
        }
        try (PreparedStatement check = connection.prepareStatement(ProjectorLease.fenceSql())) {
            check.setInt(1, lease.backendPid());
            check.setLong(2, lease.classId());
            check.setLong(3, lease.objId());
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != 1) {
                    throw new LostLeadershipException("advisory lock of backend " + lease.backendPid() + " is gone");
                }
            }
        }
    }
}
