package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/** How the library's transactions roll back after a failure. */
public final class Rollbacks {
    private Rollbacks() {
    }

    /**
     * Rolls back after {@code failure}, which stays the exception that counts: when the connection
     * is gone (the database restarted, or ended the transaction: IdleTransactionBound) the rollback
     * fails too, with a "connection is closed" that says nothing of the outage. The submitter, which
     * retries an unreachable database (DatabaseOutages), would take it for a refusal,
     * and the projector would report it as the reason it is not following the ledger.
     */
    public static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
