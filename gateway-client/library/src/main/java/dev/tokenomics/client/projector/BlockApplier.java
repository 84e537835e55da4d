package dev.tokenomics.client.projector;

import dev.tokenomics.client.outbox.Rollbacks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies consecutive blocks to the read model in ONE database transaction: checkpoint row locked
 * and required at the first block, leadership fence, chain continuity (the first block follows the
 * last applied one), checkpoint advance past the last block with its hash, transaction rows,
 * wallets and owner profiles, outbox confirmations and the failures of commands an envelope
 * rejected. Either every block of the batch is applied and the checkpoint moves past them, or
 * nothing is.
 */
final class BlockApplier {
    private static final String ADVANCE = """
            UPDATE projector_checkpoint
            SET next_block = ?, total_supply = COALESCE(?, total_supply), valid_tx_count = valid_tx_count + ?,
                invalid_tx_count = invalid_tx_count + ?, holder = ?, updated_at = now(),
                genesis_hash = COALESCE(genesis_hash, ?), last_block_hash = ?
            WHERE tenant_id = ? AND channel = ? AND next_block = ?""";

    private final DataSource dataSource;
    private final String tenantId;
    private final String channel;
    private final String holder;
    private final ReadModelWriter writer;

    BlockApplier(DataSource dataSource, String tenantId, String channel, String holder) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.channel = channel;
        this.holder = holder;
        this.writer = new ReadModelWriter(tenantId);
    }

    /**
     * Applies {@code blocks}, consecutive and starting at the checkpoint; applies nothing and throws
     * {@link LostLeadershipException} if the lease is gone or the checkpoint is not at the first
     * block (another instance applied it), or {@link LedgerMismatchException} if the first block
     * does not continue the chain the checkpoint follows.
     */
    public AppliedBatch apply(List<ParsedBlock> blocks, ProjectorLease lease) throws SQLException {
        requireChained(blocks);
        BatchChanges changes = BatchChanges.of(blocks, tenantId);
        long first = blocks.get(0).number();
        long last = blocks.get(blocks.size() - 1).number();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                configureTransaction(connection, lease);
                Checkpoint checkpoint = Checkpoints.lock(connection, tenantId, channel).orElseThrow(() -> new LostLeadershipException(
                        "no checkpoint for " + tenantId + "/" + channel + ": the read model was rebuilt or dropped"));
                if (checkpoint.nextBlock() != first) {
                    throw new LostLeadershipException("checkpoint for " + tenantId + "/" + channel + " is at block " + checkpoint.nextBlock()
                            + ", not " + first + ": another projector applied it");
                }
                if (lease != null) { // null: replay without leadership (tests of the applier alone)
                    lease.requireHeld(connection);
                }
                requireContinues(checkpoint, blocks.get(0));
                advanceCheckpoint(connection, blocks, changes);
                writer.insertTransactions(connection, changes.rows);
                writer.writeWalletsAndProfiles(connection, new ArrayList<>(changes.wallets.values()));
                int confirmed = writer.confirmCommands(connection, changes.byTxId, changes.byOwnItem, changes.byCommandKey);
                int failed = writer.failRejected(connection, changes.rejections); // after confirming: an applied request wins
                connection.commit();
                return new AppliedBatch(first, last, changes.validCount, changes.transfers, confirmed, failed);
            } catch (SQLException | RuntimeException e) {
                Rollbacks.rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    /** Consecutive numbers, each block's previous_hash the hash of the block before it: one chain. */
    private static void requireChained(List<ParsedBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no blocks to apply");
        }
        for (int i = 1; i < blocks.size(); i++) {
            ParsedBlock before = blocks.get(i - 1);
            ParsedBlock block = blocks.get(i);
            if (block.number() != before.number() + 1) {
                throw new IllegalArgumentException("blocks to apply together must be consecutive: " + before.number()
                        + " is followed by " + block.number());
            }
            if (!block.previousHash().equals(before.hash())) {
                throw new MalformedBlockException("block " + block.number() + "'s previous_hash " + BlockHash.hex(block.previousHash())
                        + " is not the hash of block " + before.number() + " (" + BlockHash.hex(before.hash()) + ")");
            }
        }
    }

    /** Block 0 must be the recorded genesis; a later block must name the last applied block as its previous one. */
    private void requireContinues(Checkpoint checkpoint, ParsedBlock first) {
        if (first.number() == 0) {
            if (checkpoint.genesisHash() != null && !checkpoint.genesisHash().equals(first.hash())) {
                throw LedgerMismatchException.otherGenesis(tenantId, channel, checkpoint.genesisHash(), first.hash());
            }
        } else if (checkpoint.lastBlockHash() != null && !checkpoint.lastBlockHash().equals(first.previousHash())) {
            throw LedgerMismatchException.brokenChain(tenantId, channel, first.number(), checkpoint.lastBlockHash(), first.previousHash());
        }
    }

    /*
     * Losing the last few block transactions in a PostgreSQL crash is harmless: read model, outbox
     * confirmations and checkpoint roll back together and the blocks are simply applied again.
     * Consistency is untouched, and the block commit does not wait for a WAL flush.
     * JIT is off for the block: the set-based statements' cost estimates cross jit_above_cost, and
     * compiling them each time costs more than running them (measured ~10x on a claim).
     * No sequential scans: every statement finds its rows by index, one probe per row of the block,
     * and statistics that took the outbox for a few pages (never refreshed where autovacuum is off)
     * would otherwise have each block read the whole outbox to confirm its commands.
     * A holder paused between two statements would keep the checkpoint row locked, and its successor
     * would wait on it for the whole pause: the server ends (rolls back) a transaction left idle
     * longer than the lease's timeout, as it ends the lock session.
     */
    private static void configureTransaction(Connection connection, ProjectorLease lease) throws SQLException {
        String idleBound = lease == null ? "" : "; SET LOCAL idle_in_transaction_session_timeout = " + lease.timeout().toMillis();
        try (var statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit = off; SET LOCAL jit = off; SET LOCAL enable_seqscan = off" + idleBound);
        }
    }

    /** A checkpoint written before chain identity adopts the chain here: genesis with block 0, the last hash with any block. */
    private void advanceCheckpoint(Connection connection, List<ParsedBlock> blocks, BatchChanges changes) throws SQLException {
        ParsedBlock first = blocks.get(0);
        ParsedBlock last = blocks.get(blocks.size() - 1);
        try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
            update.setLong(1, last.number() + 1);
            update.setObject(2, changes.totalSupply);
            update.setLong(3, changes.validCount);
            update.setLong(4, changes.invalidCount);
            update.setString(5, holder);
            update.setBytes(6, first.number() == 0 ? first.hash().toByteArray() : null);
            update.setBytes(7, last.hash().toByteArray());
            update.setString(8, tenantId);
            update.setString(9, channel);
            update.setLong(10, first.number());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("checkpoint for " + tenantId + "/" + channel + " moved while locked");
            }
        }
    }
}
