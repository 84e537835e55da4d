package dev.tokenomics.client.outbox;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes one worker's batch outcomes on a thread of their own while the worker endorses its next
 * batch, one write at a time: {@link #await} before the next write, a fresh claim or a stop. One
 * thread at most, and only while it has work, so a worker that dies leaves none behind.
 */
final class OutcomeWriter {
    private final ThreadPoolExecutor thread;
    /** The write in progress or done and not yet awaited, or null. */
    private Future<Integer> writing;

    OutcomeWriter(String workerId) {
        this.thread = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread writer = new Thread(runnable, "outcomes-" + workerId);
            writer.setDaemon(true);
            return writer;
        });
    }

    /** Starts writing; the previous write must have been awaited. */
    void start(Callable<Integer> write) {
        if (writing != null) {
            throw new IllegalStateException("the previous outcomes were not awaited");
        }
        writing = thread.submit(write);
    }

    /** Waits for the write in progress, if any; its failure is the caller's. */
    void await() throws SQLException {
        Future<Integer> pending = writing;
        if (pending == null) {
            return;
        }
        writing = null;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the outcomes of the previous batch were written", "57014", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    void shutdown() {
        thread.shutdown();
    }
}
