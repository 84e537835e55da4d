package dev.tokenomics.client.projector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Applies one block to the read model in ONE database transaction: checkpoint advance (conditioned
 * on the value read), leadership fence, transaction rows, wallets, owner profiles and outbox
 * confirmations. Either the whole block is applied and the checkpoint moves, or nothing is.
 * Writes are set-based (one statement per table per block), which is what makes replay fast.
 */
public final class BlockApplier {
    private static final String ADVANCE = """
            UPDATE projector_checkpoint
            SET next_block = ?, total_supply = COALESCE(?, total_supply), valid_tx_count = valid_tx_count + ?,
                invalid_tx_count = invalid_tx_count + ?, holder = ?, updated_at = now()
            WHERE tenant_id = ? AND channel = ? AND next_block = ?""";

    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO wallet_transaction (tenant_id, on_chain_tx_id, block_number, tx_index, event_type, tx_type, idempotency_key,
                from_wallet_id, to_wallet_id, amount, movements, total_supply, remark, reason, original_tx_id, applied, tx_timestamp)
            SELECT ?, t.tx_id, ?, t.idx, t.event_type, t.tx_type, t.idem, t.from_id, t.to_id, t.amount, t.movements::jsonb,
                   t.supply, t.remark, t.reason, t.original, t.applied, t.ts
            FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                        ?::bigint[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[])
                 AS t(tx_id, idx, event_type, tx_type, idem, from_id, to_id, amount, movements, supply, remark, reason, original, applied, ts)""";

    /*
     * Wallets and owner profiles in one statement. Every part of a data-modifying WITH sees the same
     * snapshot, so "old" is the state before this block: profiles move by (new - old) per owner,
     * which costs O(wallets touched) rather than re-aggregating every wallet of an owner.
     */
    private static final String UPSERT_WALLETS_AND_PROFILES = """
            WITH v AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[])
                    AS v(wallet_id, owner_id, balance, status, reason, touches, last_tx)),
            old AS (
                SELECT w.owner_id, w.balance, w.status FROM wallet w JOIN v ON w.tenant_id = ? AND w.wallet_id = v.wallet_id),
            up AS (
                INSERT INTO wallet AS w (tenant_id, wallet_id, owner_id, balance, status, freeze_reason, version, last_tx_id, last_block)
                SELECT ?, v.wallet_id, v.owner_id, v.balance, v.status, v.reason, v.touches, v.last_tx, ? FROM v
                ON CONFLICT (tenant_id, wallet_id) DO UPDATE SET
                    owner_id = excluded.owner_id, balance = excluded.balance, status = excluded.status,
                    freeze_reason = CASE WHEN excluded.status = 'ACTIVE' THEN NULL ELSE COALESCE(excluded.freeze_reason, w.freeze_reason) END,
                    version = w.version + excluded.version, last_tx_id = excluded.last_tx_id, last_block = excluded.last_block,
                    updated_at = now()
                RETURNING w.owner_id, w.balance, w.status),
            delta AS (
                SELECT owner_id, sum(wallets) AS wallets, sum(frozen) AS frozen, sum(balance) AS balance FROM (
                    SELECT owner_id, 1 AS wallets, (status = 'FROZEN')::int AS frozen, balance FROM up
                    UNION ALL
                    SELECT owner_id, -1, -(status = 'FROZEN')::int, -balance FROM old) d
                GROUP BY owner_id)
            INSERT INTO owner_profile AS p (tenant_id, owner_id, wallet_count, frozen_wallet_count, total_balance, updated_at)
            SELECT ?, owner_id, wallets, frozen, balance, now() FROM delta
            ON CONFLICT (tenant_id, owner_id) DO UPDATE SET
                wallet_count = p.wallet_count + excluded.wallet_count,
                frozen_wallet_count = p.frozen_wallet_count + excluded.frozen_wallet_count,
                total_balance = p.total_balance + excluded.total_balance, updated_at = now()""";

    // Rows are locked in id order, as the submitters' updates do, so the two rarely deadlock.
    private static final String CONFIRM_COMMANDS = """
            UPDATE outbox_command o SET status = 'CONFIRMED', block_number = COALESCE(o.block_number, ?), validation_code = 'VALID',
                   error_code = NULL, error_detail = NULL, locked_by = NULL, lease_expires_at = NULL,
                   confirmed_at = now(), updated_at = now()
            FROM (SELECT id FROM outbox_command
                  WHERE tenant_id = ? AND status <> 'CONFIRMED' AND (fabric_tx_id = ANY (?) OR idempotency_key = ANY (?))
                  ORDER BY id FOR UPDATE) target
            WHERE o.id = target.id""";

    private final DataSource dataSource;
    private final String tenantId;
    private final String channel;
    private final String holder;

    public BlockApplier(DataSource dataSource, String tenantId, String channel, String holder) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.channel = channel;
        this.holder = holder;
    }

    /** Result of one applied block. */
    public record Applied(long blockNumber, int validTransactions, int transfers, int confirmedCommands) {
    }

    /**
     * Applies {@code block}, which must be the block numbered {@code expectedNext}; throws
     * {@link LostLeadershipException} (and applies nothing) if the lease is gone or another
     * instance moved the checkpoint.
     */
    public Applied apply(ParsedBlock block, ProjectorLease lease) throws SQLException {
        BlockChanges changes = BlockChanges.of(block, tenantId);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                relaxDurability(connection);
                advanceCheckpoint(connection, block, changes);
                fence(connection, lease);
                insertTransactions(connection, block.number(), changes);
                upsertWalletsAndProfiles(connection, block.number(), changes);
                int confirmed = confirmCommands(connection, block.number(), changes);
                connection.commit();
                return new Applied(block.number(), changes.rows.size(), changes.transfers, confirmed);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
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

    private void advanceCheckpoint(Connection connection, ParsedBlock block, BlockChanges changes) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
            update.setLong(1, block.number() + 1);
            update.setObject(2, changes.totalSupply);
            update.setLong(3, block.validCount());
            update.setLong(4, block.transactions().size() - block.validCount());
            update.setString(5, holder);
            update.setString(6, tenantId);
            update.setString(7, channel);
            update.setLong(8, block.number());
            if (update.executeUpdate() != 1) {
                throw new LostLeadershipException("checkpoint for " + tenantId + "/" + channel + " is no longer at block "
                        + block.number() + ": another projector applied it");
            }
        }
    }

    private static void fence(Connection connection, ProjectorLease lease) throws SQLException {
        if (lease == null) {
            return; // replay without leadership (benchmark, reconcile scratch schema)
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

    private void insertTransactions(Connection connection, long blockNumber, BlockChanges changes) throws SQLException {
        if (changes.rows.isEmpty()) {
            return;
        }
        List<BlockChanges.Row> rows = changes.rows;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSACTIONS)) {
            insert.setString(1, tenantId);
            insert.setLong(2, blockNumber);
            int p = 3;
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::txId).toArray()));
            insert.setArray(p++, connection.createArrayOf("int4", rows.stream().map(BlockChanges.Row::index).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::eventType).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::txType).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::idempotencyKey).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::fromId).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::toId).toArray()));
            insert.setArray(p++, connection.createArrayOf("int8", rows.stream().map(BlockChanges.Row::amount).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::movementsJson).toArray()));
            insert.setArray(p++, connection.createArrayOf("int8", rows.stream().map(BlockChanges.Row::totalSupply).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::remark).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::reason).toArray()));
            insert.setArray(p++, connection.createArrayOf("text", rows.stream().map(BlockChanges.Row::originalTxId).toArray()));
            insert.setArray(p++, connection.createArrayOf("bool", rows.stream().map(BlockChanges.Row::applied).toArray()));
            insert.setArray(p, connection.createArrayOf("timestamptz", rows.stream().map(BlockChanges.Row::timestamp).toArray()));
            insert.executeUpdate();
        }
    }

    private void upsertWalletsAndProfiles(Connection connection, long blockNumber, BlockChanges changes) throws SQLException {
        if (changes.wallets.isEmpty()) {
            return;
        }
        List<BlockChanges.WalletChange> wallets = new ArrayList<>(changes.wallets.values());
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_WALLETS_AND_PROFILES)) {
            upsert.setArray(1, connection.createArrayOf("text", wallets.stream().map(w -> w.state().walletId()).toArray()));
            upsert.setArray(2, connection.createArrayOf("text", wallets.stream().map(w -> w.state().owner()).toArray()));
            upsert.setArray(3, connection.createArrayOf("int8", wallets.stream().map(w -> w.state().balance()).toArray()));
            upsert.setArray(4, connection.createArrayOf("text", wallets.stream().map(w -> w.state().status()).toArray()));
            upsert.setArray(5, connection.createArrayOf("text", wallets.stream().map(BlockChanges.WalletChange::freezeReason).toArray()));
            upsert.setArray(6, connection.createArrayOf("int8", wallets.stream().map(BlockChanges.WalletChange::touches).toArray()));
            upsert.setArray(7, connection.createArrayOf("text", wallets.stream().map(BlockChanges.WalletChange::lastTxId).toArray()));
            upsert.setString(8, tenantId);
            upsert.setString(9, tenantId);
            upsert.setLong(10, blockNumber);
            upsert.setString(11, tenantId);
            upsert.executeUpdate();
        }
    }

    private int confirmCommands(Connection connection, long blockNumber, BlockChanges changes) throws SQLException {
        if (changes.validTxIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement(CONFIRM_COMMANDS)) {
            update.setLong(1, blockNumber);
            update.setString(2, tenantId);
            update.setArray(3, connection.createArrayOf("text", changes.validTxIds.toArray()));
            update.setArray(4, connection.createArrayOf("text", changes.commandKeys.toArray()));
            return update.executeUpdate();
        }
    }

    /** The set-based form of a block: rows to insert, last state per wallet, keys to confirm. */
    static final class BlockChanges {
        record Row(String txId, int index, String eventType, String txType, String idempotencyKey, String fromId, String toId,
                   Long amount, String movementsJson, Long totalSupply, String remark, String reason, String originalTxId,
                   boolean applied, Timestamp timestamp) {
        }

        record WalletChange(LedgerEvent.WalletState state, String freezeReason, long touches, String lastTxId) {
        }

        final List<Row> rows = new ArrayList<>();
        final Map<String, WalletChange> wallets = new LinkedHashMap<>();
        final List<String> validTxIds = new ArrayList<>();
        final List<String> commandKeys = new ArrayList<>();
        Long totalSupply;
        int transfers;

        static BlockChanges of(ParsedBlock block, String tenantId) {
            BlockChanges changes = new BlockChanges();
            String keyPrefix = tenantId + ":";
            for (ParsedTransaction tx : block.transactions()) {
                if (!tx.valid()) {
                    continue;
                }
                changes.validTxIds.add(tx.txId());
                LedgerEvent event = tx.event();
                if (event == null) {
                    changes.rows.add(new Row(tx.txId(), tx.index(), tx.eventName() == null ? "NONE" : tx.eventName(), null, null,
                            null, null, null, "[]", null, null, null, null, false, null));
                    continue;
                }
                String key = event.idempotencyKey();
                if (key != null && key.startsWith(keyPrefix)) {
                    changes.commandKeys.add(key.substring(keyPrefix.length()));
                }
                boolean applied = !event.replayed();
                LedgerEvent.Movement first = applied ? event.firstMovement() : null;
                changes.rows.add(new Row(tx.txId(), tx.index(), event.eventType(), event.txType(), key,
                        first == null ? null : first.fromId(), first == null ? null : first.toId(), first == null ? null : first.amount(),
                        event.movementsJson(), event.totalSupply(), event.remark(), event.reason(), event.originalTxId(), applied,
                        timestamp(event.txTimestamp())));
                if (!applied) {
                    continue; // an idempotent repeat changed nothing on the ledger
                }
                changes.transfers += event.movementsOrEmpty().size();
                if (event.totalSupply() != null) {
                    changes.totalSupply = event.totalSupply();
                }
                for (LedgerEvent.WalletState state : event.walletsOrEmpty()) {
                    WalletChange previous = changes.wallets.remove(state.walletId());
                    String reason = "FROZEN".equals(state.status()) ? event.reason() : null;
                    if (reason == null && previous != null && "FROZEN".equals(state.status())) {
                        reason = previous.freezeReason();
                    }
                    changes.wallets.put(state.walletId(), new WalletChange(state, reason,
                            previous == null ? 1 : previous.touches() + 1, tx.txId()));
                }
            }
            return changes;
        }

        private static Timestamp timestamp(String iso) {
            if (iso == null) {
                return null;
            }
            try {
                return Timestamp.from(Instant.parse(iso));
            } catch (java.time.format.DateTimeParseException e) {
                throw new MalformedBlockException("txTimestamp '" + iso + "' is not ISO-8601 UTC", e);
            }
        }
    }
}
