package dev.tokenomics.client.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A DataSource whose connections stop, once armed, when they are about to prepare a statement
 * containing a given text: the state of a client process paused (SIGSTOP, a frozen VM, a
 * partition) between two statements of its transaction, which stays open on the server with its
 * locks. {@link #resume} lets the paused thread go on, as SIGCONT would. One pause per arming.
 */
public final class PausingDataSource extends DelegatingDataSource {
    private volatile String marker;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    public PausingDataSource(DataSource delegate) {
        super(delegate);
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
        Connection connection = super.getConnection();
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
}
