package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every database transaction of a submitter (its claims and its status changes) sets for
 * itself, with set_config(..., true), so that it holds whatever DataSource the application passes.
 */
final class SubmitterTransactions {
    /**
     * idle_in_transaction_session_timeout: the server ends (rolls back, and closes the session of) a
     * transaction of ours left idle between two statements for longer than this. A submitter paused
     * inside one (SIGSTOP, a frozen VM, a network partition, a stop-the-world pause) would otherwise
     * keep its locks for the whole pause, and the others stall behind them: the claim turn and the
     * uncommitted wallet locks of a claim, or the holding row its completion locked, which keeps the
     * sweep from releasing the wallets of commands the projector already confirmed, however long the
     * pause lasts and whatever the lease says. Nothing happens between two statements
     * of these transactions but the JVM's own work (ms), so seconds are far beyond any legitimate gap;
     * the paused worker finds its transaction gone when it resumes and treats that as an outage.
     */
    static final long IDLE_MILLIS = 5_000;

    private SubmitterTransactions() {
    }

    /**
     * Rolls back after {@code failure}, which stays the exception that counts: when the connection
     * is gone (the database restarted, or ended the transaction as above) the rollback fails too,
     * with a "connection is closed" that says nothing of the outage, and the worker, which retries
     * an unreachable database (SubmitterWorker.isUnreachable), would take it for a refusal.
     */
    static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
