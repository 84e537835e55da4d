package dev.tokenomics.client.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A DataSource whose next {@link #failNext} connections fail as HikariCP fails them while the
 * database is down ("Connection is not available, request timed out"), then works again.
 * Counting failures instead of timing them keeps tests deterministic.
 */
public final class FailingDataSource extends DelegatingDataSource {
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public FailingDataSource(DataSource delegate) {
        super(delegate);
    }

    /** The next {@code count} connection requests fail. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** Connection requests refused so far. */
    public int failed() {
        return failed.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw new SQLTransientConnectionException("test-pool - Connection is not available, request timed out after 10000ms.", "08001");
        }
        return super.getConnection();
    }
}
