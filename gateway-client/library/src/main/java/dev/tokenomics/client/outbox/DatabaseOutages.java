package dev.tokenomics.client.outbox;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The one rule for telling a database outage from a refusal, used by the submitter (retry on a
 * new connection, never fail the command), the HTTP service (503, and no one-by-one retry of a
 * shared transaction) and the CLI (the "unreachable" exit code).
 */
public final class DatabaseOutages {
    private DatabaseOutages() {
    }

    /**
     * Whether {@code e}, or an exception it was caused by, says the database could not be reached, is
     * shutting down or starting up, or ended the session (IdleTransactionBound): the pool found no
     * connection, the connection broke (SQL state class 08), an operator or a crash ended the session
     * (class 57P: a restart's first sign is 57P01 on every open session). The statement did not run to
     * a commit, and it can run again on a new connection once the database answers.
     */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || IdleTransactionBound.endedSession(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
