package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/** What every database transaction of a submitter (its claims and its status changes) does on failure. */
final class SubmitterTransactions {
    private SubmitterTransactions() {
    }

    /**
     * Rolls back after {@code failure}, which stays the exception that counts: when the connection
     * is gone (the database restarted, or ended the transaction: IdleTransactionBound) the rollback
     * fails too, with a "connection is closed" that says nothing of the outage, and the worker, which
     * retries an unreachable database (SubmitterWorker.isUnreachable), would take it for a refusal.
     */
    static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
