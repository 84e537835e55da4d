package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How long the server lets a transaction of ours sit idle between two statements before it ends it
 * (idle_in_transaction_session_timeout, set by each transaction for itself, so it holds whatever
 * DataSource the application passes): the submitter's claims and status changes, and the service's
 * enqueue transactions.
 *
 * <p>A process paused inside one (SIGSTOP, a frozen VM, a network partition, a stop-the-world
 * pause) keeps that transaction open with its locks for the whole pause, and others stall behind
 * them: the claim turn and the uncommitted wallet locks of a claim; the holding row a completion
 * locked, which keeps the sweep from releasing the wallets of commands the projector already
 * confirmed; the keys of commands being enqueued, which a client's retry on another instance waits
 * for. Nothing happens between two statements of these transactions but the JVM's own work (ms), so
 * seconds are far beyond any legitimate gap. The paused process finds its session ended when it
 * resumes ({@link #endedSession}); nothing of that transaction was committed, and a new connection
 * serves.
 */
public final class IdleTransactionBound {
    public static final long MILLIS = 5_000;

    /** The SQL state of a session the server ended because its transaction idled past the bound. */
    private static final String SESSION_ENDED = "25P03";

    private static final String SET = "SELECT set_config('idle_in_transaction_session_timeout', '" + MILLIS + "', true)";

    private IdleTransactionBound() {
    }

    /** Bounds the idle time of {@code connection}'s current transaction (a round trip; statements that set more fold it in). */
    public static void set(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(SET);
        }
    }

    /** Whether {@code e} says the server ended the session of a transaction left idle past the bound. */
    public static boolean endedSession(Throwable e) {
        return e instanceof SQLException sql && SESSION_ENDED.equals(sql.getSQLState());
    }
}
