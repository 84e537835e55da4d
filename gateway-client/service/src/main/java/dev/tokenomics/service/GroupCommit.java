package dev.tokenomics.service;

import dev.tokenomics.client.outbox.DatabaseOutages;
import dev.tokenomics.client.outbox.EnqueueOutcome;
import dev.tokenomics.client.outbox.EnqueuedCommand;
import dev.tokenomics.client.outbox.IdleTransactionBound;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;

/**
 * Enqueues the commands of concurrent POSTs in shared database transactions: one commit, so one WAL
 * flush and one outbox notification, for every command waiting when a committer comes round.
 *
 * <p>Why: every insert into {@code outbox_command} fires the trigger that NOTIFYs idle submitters
 * (migration V15), and PostgreSQL commits NOTIFYing transactions one at a time (it holds a lock from
 * before the commit record until after its flush, to keep the notification queue in commit order).
 * One transaction per POST therefore capped the API at roughly one WAL flush per command, ~400
 * commands/s on this project's machine, whatever the pool size. A shared transaction pays that once.
 *
 * <p>Nothing changes for the client: a command is answered only after the transaction holding it
 * committed, and each gets its own answer. The same key twice in one transaction is a replay of the
 * first, as across transactions. The commands go in as one insert ({@link Outbox#enqueueEach}), so
 * the statement, its round trip and the notifying trigger are paid once per transaction too. A
 * command the outbox refuses is answered alone. If the shared transaction fails (a value the
 * database refuses, a deadlock between two transactions taking the same keys in another order), it
 * is rolled back and its commands are enqueued one by one, so one bad command fails alone; if the database is
 * unreachable, all of them fail as a single POST would. At low load a transaction holds one command
 * and the cost is one hand-over between threads.
 */
final class GroupCommit implements AutoCloseable {
    /**
     * Two committers: while one waits for its flush, the other fills its transaction. More make the transactions smaller and
     * each command dearer (POSTs at 32 connections on this machine: 4 committers 3.3-3.9k/s at 0.29-0.36 ms of service CPU per
     * command, 2 committers 4.6-5.9k/s at 0.16-0.23 ms).
     */
    private static final int COMMITTERS = 2;
    private static final int MAX_COMMANDS = 200;

    private record Job(NewCommand command, CompletableFuture<EnqueuedCommand> result) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();

    GroupCommit(DataSource dataSource) {
        this.dataSource = dataSource;
        for (int i = 0; i < COMMITTERS; i++) {
            Thread committer = new Thread(this::commitLoop, "enqueue-committer-" + i);
            committer.setDaemon(true);
            committer.start();
            committers.add(committer);
        }
    }

    /** Enqueues {@code command} once its transaction has committed; throws what {@link Outbox#enqueue} would. */
    EnqueuedCommand enqueue(NewCommand command) throws SQLException, InterruptedException {
        CompletableFuture<EnqueuedCommand> result = new CompletableFuture<>();
        queue.add(new Job(command, result));
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime; // the outbox's InvalidCommandException among them
            }
            throw new IllegalStateException("enqueue failed", e.getCause());
        }
    }

    private void commitLoop() {
        List<Job> jobs = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                jobs.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(jobs, MAX_COMMANDS - 1);
            commit(jobs);
            jobs.clear();
        }
    }

    private void commit(List<Job> jobs) {
        List<EnqueueOutcome> outcomes;
        try (Connection connection = dataSource.getConnection()) {
            // Given back to the pool, the connection is rolled back if uncommitted and set to auto-commit again (HikariCP does both).
            connection.setAutoCommit(false);
            // A committer paused inside its transaction must not hold its commands' keys for the whole pause.
            IdleTransactionBound.set(connection);
            outcomes = Outbox.enqueueEach(connection, jobs.stream().map(Job::command).toList());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // In an outage one by one would fail the same way, each after the pool's wait (a 200-command transaction: minutes).
            // A transaction the server ended (it idled past the bound) committed nothing, and a fresh connection serves. Alone,
            // a command gets enqueue's own answer (a value PostgreSQL refuses is the caller's MALFORMED_PAYLOAD there).
            if (DatabaseOutages.isOutage(e) && !IdleTransactionBound.endedSession(e)) {
                jobs.forEach(job -> job.result().completeExceptionally(e));
            } else {
                jobs.forEach(this::commitAlone);
            }
            return;
        }
        for (int i = 0; i < jobs.size(); i++) {
            EnqueueOutcome outcome = outcomes.get(i);
            if (outcome.isRefused()) {
                jobs.get(i).result().completeExceptionally(outcome.refusal());
            } else {
                jobs.get(i).result().complete(outcome.command());
            }
        }
    }

    private void commitAlone(Job job) {
        try (Connection connection = dataSource.getConnection()) {
            job.result().complete(Outbox.enqueue(connection, job.command()));
        } catch (SQLException | RuntimeException e) {
            job.result().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        committers.forEach(Thread::interrupt);
        Job left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new SQLTransientConnectionException("the service is stopping"));
        }
    }
}
