package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One short transaction of the submitter's own (a claim-side step, an outcome): a pooled connection,
 * its transaction-local settings first, the work, the commit; after a failure, the rollback
 * ({@link Rollbacks}) and the failure itself.
 */
final class OutboxTransaction {
    /** Statements run on the transaction's connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The transaction-local settings, applied before the work. */
    interface Settings {
        void apply(Connection connection) throws SQLException;
    }

    private OutboxTransaction() {
    }

    static <T> T run(DataSource dataSource, Settings settings, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                settings.apply(connection);
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                Rollbacks.rollbackAfter(connection, e);
                throw e;
            }
        }
    }
}
