package dev.tokenomics.client.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Read-model queries on wallets and the projected supply. */
public final class WalletQuery {
    private final DataSource dataSource;

    public WalletQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<WalletView> all(String tenantId) throws SQLException {
        return list("SELECT wallet_id, owner_id, balance, status, freeze_reason, version FROM wallet WHERE tenant_id = ? ORDER BY wallet_id",
                tenantId);
    }

    public Optional<WalletView> byId(String tenantId, String walletId) throws SQLException {
        List<WalletView> found = list("SELECT wallet_id, owner_id, balance, status, freeze_reason, version FROM wallet "
                + "WHERE tenant_id = ? AND wallet_id = ?", tenantId, walletId);
        return found.stream().findFirst();
    }

    /** Total supply after the last applied block (null before the first supply-changing event). */
    public Optional<Long> projectedSupply(String tenantId, String channel) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT total_supply FROM projector_checkpoint WHERE tenant_id = ? AND channel = ?")) {
            select.setString(1, tenantId);
            select.setString(2, channel);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable((Long) rs.getObject(1)) : Optional.empty();
            }
        }
    }

    private List<WalletView> list(String sql, String... args) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setString(i + 1, args[i]);
            }
            List<WalletView> wallets = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    wallets.add(new WalletView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
                }
            }
            return wallets;
        }
    }
}
