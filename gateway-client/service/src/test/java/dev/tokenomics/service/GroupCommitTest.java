package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.outbox.EnqueuedCommand;
import dev.tokenomics.client.outbox.IdleTransactionBound;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.support.PausingDataSource;
import dev.tokenomics.client.support.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Commands of concurrent POSTs committed together: each gets its own answer, and a command refused inside a shared transaction
 * fails alone. The committers' connections are held back until every command is queued, so the commands do share transactions.
 */
class GroupCommitTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(8);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static NewCommand mint(String key, long amount) {
        return new NewCommand("group", "MINT", "{\"walletId\":\"w1\",\"amount\":" + amount + "}", key, null);
    }

    /** The database, with getConnection held until {@code open} is counted down. */
    private static DataSource gated(CountDownLatch open) {
        DataSource real = db.dataSource();
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                open.await();
                return (Connection) method.invoke(real, args);
            }
            return method.invoke(real, args);
        });
    }

    @Test
    void aCommandRefusedInsideASharedTransactionFailsAloneAndEveryOtherIsEnqueuedOnce() throws Exception {
        db.execute("INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key) "
                + "VALUES ('group', 'MINT', '{\"walletId\":\"w1\",\"amount\":1}', 'taken', 'wallet:w1')");
        int commands = 60;
        CountDownLatch open = new CountDownLatch(1);
        ThreadPoolExecutor posts = (ThreadPoolExecutor) Executors.newFixedThreadPool(commands + 2);
        try (GroupCommit group = new GroupCommit(gated(open))) {
            List<CompletableFuture<EnqueuedCommand>> accepted = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                NewCommand command = mint("group-" + i, 2);
                accepted.add(CompletableFuture.supplyAsync(() -> call(group, command), posts));
            }
            CompletableFuture<EnqueuedCommand> replay = CompletableFuture.supplyAsync(() -> call(group, mint("group-0", 2)), posts);
            CompletableFuture<EnqueuedCommand> conflict = CompletableFuture.supplyAsync(() -> call(group, mint("taken", 9)), posts);
            await().atMost(Duration.ofSeconds(30)).until(() -> posts.getActiveCount() == commands + 2);

            open.countDown();

            assertThat(conflict).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(InvalidCommandException.class).withMessageContaining("taken");
            List<Long> ids = new ArrayList<>();
            for (CompletableFuture<EnqueuedCommand> each : accepted) {
                ids.add(each.get(30, TimeUnit.SECONDS).id());
            }
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(replay.get(30, TimeUnit.SECONDS).id()).isEqualTo(ids.get(0));
        } finally {
            posts.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'group' AND idempotency_key LIKE 'group-%'")).isEqualTo(commands);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'taken' AND payload->>'amount' = '1'")).isEqualTo(1);
    }

    /** {@code dataSource}, whose connections fail at commit as every open session does when PostgreSQL restarts. */
    private static DataSource restartingAtCommit(DataSource dataSource, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (!method.getName().equals("getConnection")) {
                return method.invoke(dataSource, args);
            }
            connections.incrementAndGet();
            Connection real = (Connection) method.invoke(dataSource, args);
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (c, call, callArgs) -> {
                if (call.getName().equals("commit")) {
                    real.rollback();
                    throw new SQLException("terminating connection due to administrator command", "57P01");
                }
                return call.invoke(real, callArgs);
            });
        });
    }

    @Test
    void aSharedTransactionEndedByARestartFailsItsCommandsAtOnceInsteadOfRetryingEachAlone() throws Exception {
        int commands = 6;
        CountDownLatch open = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        ThreadPoolExecutor posts = (ThreadPoolExecutor) Executors.newFixedThreadPool(commands);
        try (GroupCommit group = new GroupCommit(restartingAtCommit(gated(open), connections))) {
            List<CompletableFuture<EnqueuedCommand>> accepted = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                NewCommand command = mint("restart-" + i, 1);
                accepted.add(CompletableFuture.supplyAsync(() -> call(group, command), posts));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> posts.getActiveCount() == commands);

            open.countDown();

            for (CompletableFuture<EnqueuedCommand> each : accepted) {
                assertThat(each).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                        .havingRootCause().isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P01"));
            }
        } finally {
            posts.shutdownNow();
        }
        // Retried alone, each would have waited for the pool in a real outage; here, where only commits fail, they would be stored.
        assertThat(connections.get()).isLessThan(commands);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'restart-%'")).isZero();
    }

    /*
     * A client whose POST hangs on a paused service instance sends it again, with the same key, to
     * another instance: that insert waits for the paused transaction, which holds the key. The
     * server ends the paused transaction after the committers' idle bound, so the retry is answered;
     * resumed, the paused committer enqueues its command alone and finds the retry's.
     */
    @Test
    void aRetryOnAnotherInstanceWaitsForAPausedCommitterOnlyUntilTheServerEndsItsTransaction() throws Exception {
        PausingDataSource pausing = new PausingDataSource(db.dataSource());
        pausing.pauseBeforeCommit();
        ExecutorService posts = Executors.newFixedThreadPool(2);
        try (GroupCommit paused = new GroupCommit(pausing); GroupCommit other = new GroupCommit(db.dataSource())) {
            CompletableFuture<EnqueuedCommand> first = CompletableFuture.supplyAsync(() -> call(paused, mint("retried", 5)), posts);
            pausing.awaitPaused(Duration.ofSeconds(30));

            CompletableFuture<EnqueuedCommand> retry = CompletableFuture.supplyAsync(() -> call(other, mint("retried", 5)), posts);

            EnqueuedCommand answered = retry.get(IdleTransactionBound.MILLIS + 20_000, TimeUnit.MILLISECONDS);
            pausing.resume();
            assertThat(answered.created()).isTrue();
            EnqueuedCommand resumed = first.get(30, TimeUnit.SECONDS);
            assertThat(resumed.id()).isEqualTo(answered.id());
            assertThat(resumed.created()).isFalse();
        } finally {
            pausing.resume();
            posts.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'group' AND idempotency_key = 'retried'")).isEqualTo(1);
    }

    private static EnqueuedCommand call(GroupCommit group, NewCommand command) {
        try {
            return group.enqueue(command);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
