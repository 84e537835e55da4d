package dev.tokenomics.client.projector;

import dev.tokenomics.client.outbox.Rollbacks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The explicit way back after a ledger reset ({@code projector --rebuild}): in ONE DB transaction,
 * under the lease's fence, delete the tenant's read model (wallets, owner profiles, transaction
 * rows) and the (tenant, channel) checkpoint, so the projector applies the ledger it now sees from
 * block 0. The outbox is kept: commands keep their statuses.
 */
final class ReadModelRebuild {
    private static final List<String> TENANT_TABLES = List.of("wallet_transaction", "wallet", "owner_profile");

    private ReadModelRebuild() {
    }

    static void clear(DataSource dataSource, String tenantId, String channel, ProjectorLease lease) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Checkpoints.lock(connection, tenantId, channel); // waits for an applier's transaction still in flight
                lease.requireHeld(connection);
                for (String table : TENANT_TABLES) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
                        delete.setString(1, tenantId);
                        delete.executeUpdate();
                    }
                }
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM projector_checkpoint WHERE tenant_id = ? AND channel = ?")) {
                    delete.setString(1, tenantId);
                    delete.setString(2, channel);
                    delete.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Rollbacks.rollbackAfter(connection, e);
                throw e;
            }
        }
    }
}
