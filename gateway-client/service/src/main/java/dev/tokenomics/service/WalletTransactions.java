package dev.tokenomics.service;

import com.google.gson.JsonParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A wallet's rows of the read model's {@code wallet_transaction}, in projection order: every row one
 * of whose movements leaves or reaches the wallet (a batch's legs included, which the single-movement
 * columns do not show). Paged by the row id, a cursor that never moves under a reader: rows are only
 * ever appended. No index serves the movement test; the scan walks the tenant's rows from the
 * cursor in id order and stops at the page's end, which is fine for wallets with recent activity and
 * slow for a quiet wallet in a big table (an expression index is the remedy if that matters).
 */
final class WalletTransactions {
    private static final String PAGE = """
            SELECT id, on_chain_tx_id, block_number, tx_index, command_position, event_type, tx_type, idempotency_key, movements::text,
                   remark, reason, applied, tx_timestamp
            FROM wallet_transaction
            WHERE tenant_id = ? AND id > ?
              AND (movements @> jsonb_build_array(jsonb_build_object('fromId', ?::text))
                   OR movements @> jsonb_build_array(jsonb_build_object('toId', ?::text)))
            ORDER BY id
            LIMIT ?""";

    private final DataSource dataSource;

    WalletTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} rows after cursor {@code after} (0: from the first). */
    List<Map<String, Object>> page(String tenantId, String walletId, long after, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(PAGE)) {
            select.setString(1, tenantId);
            select.setLong(2, after);
            select.setString(3, walletId);
            select.setString(4, walletId);
            select.setInt(5, limit);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("cursor", rs.getLong(1));
                    row.put("transactionId", rs.getString(2));
                    row.put("blockNumber", rs.getLong(3));
                    row.put("txIndex", rs.getInt(4));
                    row.put("commandPosition", rs.getInt(5));
                    row.put("eventType", rs.getString(6));
                    row.put("txType", rs.getString(7));
                    row.put("idempotencyKey", rs.getString(8));
                    row.put("movements", JsonParser.parseString(rs.getString(9)));
                    row.put("remark", rs.getString(10));
                    row.put("reason", rs.getString(11));
                    row.put("applied", rs.getBoolean(12));
                    Timestamp at = rs.getTimestamp(13);
                    row.put("timestamp", at == null ? null : at.toInstant().toString());
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
