package dev.tokenomics.client.support;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource whose connections stop, once armed, when they are about to prepare a statement
 * containing a given text: the state of a client process paused (SIGSTOP, a frozen VM, a
 * partition) between two statements of its transaction, which stays open on the server with its
 * locks. {@link #resume} lets the paused thread go on, as SIGCONT would. One pause per arming.
 */
public final class PausingDataSource implements DataSource {
    private final DataSource delegate;
    private volatile String marker;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    public PausingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The next statement prepared whose SQL contains {@code text} stops its thread until {@link #resume}. */
    public void pauseBefore(String text) {
        marker = text;
    }

    /** Waits until a thread has stopped at the armed statement. */
    public void awaitPaused(Duration timeout) throws InterruptedException {
        if (!paused.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no statement containing \"" + marker + "\" was prepared within " + timeout);
        }
    }

    public void resume() {
        resumed.countDown();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = delegate.getConnection();
        InvocationHandler handler = (proxy, method, args) -> {
            String armed = marker;
            if (method.getName().equals("prepareStatement") && armed != null && args[0] instanceof String sql && sql.contains(armed)) {
                marker = null;
                paused.countDown();
                resumed.await();
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
