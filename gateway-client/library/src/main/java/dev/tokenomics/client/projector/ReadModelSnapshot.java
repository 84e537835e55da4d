package dev.tokenomics.client.projector;

import dev.tokenomics.client.readmodel.WalletView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The read model and the outbox of one tenant as of one projector checkpoint: read in a single
 * REPEATABLE READ transaction, so wallets, supply, projected transactions and command statuses are
 * all those of blocks {@code 0..nextBlock-1}.
 */
record ReadModelSnapshot(long nextBlock, Long projectedSupply, Map<String, WalletView> wallets, Set<ProjectedRow> projectedRows,
                         List<Command> settledCommands, List<String> staleCommands, List<String> committedNotConfirmed) {

    /** A CONFIRMED or FAILED command, with what reconcile needs to look it up on the ledger. */
    record Command(long id, String idempotencyKey, String type, String payload, String status, String errorCode, String txId) {
        String describe() {
            return "command " + id + " (" + type + ", key " + idempotencyKey + ") is " + status + (errorCode == null ? "" : " " + errorCode);
        }
    }

    private static final String CHECKPOINT = "SELECT next_block, total_supply FROM projector_checkpoint WHERE tenant_id = ? AND channel = ?";
    private static final String WALLETS =
            "SELECT wallet_id, owner_id, balance, status, freeze_reason, version FROM wallet WHERE tenant_id = ? ORDER BY wallet_id";
    private static final String PROJECTED_ROWS = "SELECT on_chain_tx_id, command_position FROM wallet_transaction WHERE tenant_id = ?";
    private static final String SETTLED_COMMANDS = """
            SELECT id, idempotency_key, command_type, payload::text, status, error_code, fabric_tx_id
            FROM outbox_command WHERE tenant_id = ? AND status IN ('CONFIRMED', 'FAILED') ORDER BY id""";
    /* Open for longer than the bound with nothing recorded about why (a retry or a wait records its cause). */
    private static final String STALE = """
            SELECT id, idempotency_key, status, attempts, created_at FROM outbox_command
            WHERE tenant_id = ? AND status IN ('PENDING', 'PROCESSING', 'COMMITTED') AND created_at < now() - make_interval(secs => ?)
              AND error_code IS NULL AND error_detail IS NULL ORDER BY id""";
    /* The projector confirms every command whose transaction is in a block it applied. */
    private static final String COMMITTED_BEFORE = """
            SELECT id, idempotency_key, block_number FROM outbox_command
            WHERE tenant_id = ? AND status = 'COMMITTED' AND block_number < ? ORDER BY id""";

    /** The checkpoint alone: the next block the projector applies (0 before its first block). */
    static long nextBlock(DataSource dataSource, String tenantId, String channel) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, CHECKPOINT, tenantId, channel); ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static ReadModelSnapshot read(DataSource dataSource, String tenantId, String channel, Duration staleAfter) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try {
                long nextBlock = 0;
                Long supply = null;
                try (PreparedStatement select = prepare(connection, CHECKPOINT, tenantId, channel); ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        nextBlock = rs.getLong(1);
                        supply = (Long) rs.getObject(2);
                    }
                }
                Map<String, WalletView> wallets = new TreeMap<>();
                try (PreparedStatement select = prepare(connection, WALLETS, tenantId); ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        wallets.put(rs.getString(1), new WalletView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6)));
                    }
                }
                Set<ProjectedRow> projected = new HashSet<>();
                try (PreparedStatement select = prepare(connection, PROJECTED_ROWS, tenantId); ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        projected.add(new ProjectedRow(rs.getString(1), rs.getInt(2)));
                    }
                }
                List<Command> commands = new ArrayList<>();
                try (PreparedStatement select = prepare(connection, SETTLED_COMMANDS, tenantId); ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        commands.add(new Command(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7)));
                    }
                }
                List<String> stale = new ArrayList<>();
                try (PreparedStatement select = prepare(connection, STALE, tenantId, staleAfter.toSeconds()); ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        stale.add("command " + rs.getLong(1) + " (key " + rs.getString(2) + ") is " + rs.getString(3) + " since "
                                + rs.getTimestamp(5).toInstant() + " after " + rs.getInt(4) + " attempts, with no recorded reason");
                    }
                }
                List<String> unconfirmed = new ArrayList<>();
                try (PreparedStatement select = prepare(connection, COMMITTED_BEFORE, tenantId, nextBlock); ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        unconfirmed.add("command " + rs.getLong(1) + " (key " + rs.getString(2) + ") committed in block " + rs.getLong(3)
                                + ", which the projector applied (next block " + nextBlock + "), but is not CONFIRMED");
                    }
                }
                return new ReadModelSnapshot(nextBlock, supply, wallets, projected, commands, stale, unconfirmed);
            } finally {
                connection.rollback();
            }
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
