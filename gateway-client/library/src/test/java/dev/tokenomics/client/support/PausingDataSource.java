package dev.tokenomics.client.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import javax.sql.DataSource;

/**
 * A DataSource whose connections stop, once armed, when they are about to prepare a statement
 * containing a given text, or to commit: the state of a client process paused (SIGSTOP, a frozen VM, a
 * partition) between two statements of its transaction, which stays open on the server with its
 * locks. {@link #resume} lets the paused thread go on, as SIGCONT would. One pause per arming.
 */
public final class PausingDataSource extends DelegatingDataSource {
    /** The call (method name, arguments) the armed pause stops before; null when not armed. */
    private final AtomicReference<BiPredicate<String, Object[]>> armed = new AtomicReference<>();
    private volatile String armedFor = "nothing";
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    public PausingDataSource(DataSource delegate) {
        super(delegate);
    }

    /** The next statement prepared whose SQL contains {@code text} stops its thread until {@link #resume}. */
    public void pauseBefore(String text) {
        arm("a statement containing \"" + text + "\"",
                (method, args) -> method.equals("prepareStatement") && args[0] instanceof String sql && sql.contains(text));
    }

    /** The next commit stops its thread until {@link #resume}: its transaction has run every statement. */
    public void pauseBeforeCommit() {
        arm("a commit", (method, args) -> method.equals("commit"));
    }

    private void arm(String description, BiPredicate<String, Object[]> call) {
        armedFor = description;
        armed.set(call);
    }

    /** Waits until a thread has stopped at the armed call. */
    public void awaitPaused(Duration timeout) throws InterruptedException {
        if (!paused.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no thread came to " + armedFor + " within " + timeout);
        }
    }

    public void resume() {
        resumed.countDown();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        InvocationHandler handler = (proxy, method, args) -> {
            BiPredicate<String, Object[]> call = armed.get();
            // One thread pauses, the first to disarm it.
            if (call != null && call.test(method.getName(), args) && armed.compareAndSet(call, null)) {
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
