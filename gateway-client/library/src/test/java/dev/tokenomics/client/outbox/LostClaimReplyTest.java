package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A claim commits but its reply never reaches the worker (the database or the connection dies at
 * the commit). The claimed commands are PROCESSING under the worker's id while the worker holds
 * nothing: they must be delivered long before their lease (10 minutes here) runs out.
 */
class LostClaimReplyTest {
    @Test
    void commandsOfAClaimWhoseReplyWasLostAreDeliveredWithoutWaitingForTheirLease() throws Exception {
        try (TestDatabase db = TestDatabase.create(8)) {
            InMemoryLedger ledger = new InMemoryLedger();
            for (int i = 0; i < 5; i++) {
                ledger.fund("s" + i, 100);
                ledger.fund("r" + i, 0);
                try (Connection connection = db.dataSource().getConnection()) {
                    Outbox.enqueue(connection, NewCommand.of("t-lost-claim", CommandType.TRANSFER,
                            "{\"fromId\":\"s" + i + "\",\"toId\":\"r" + i + "\",\"amount\":10}", "lost-" + i));
                }
            }
            AtomicBoolean loseNextCommitReply = new AtomicBoolean(true);
            DataSource dataSource = commitReplyLostOnce(db.dataSource(), loseNextCommitReply);
            // One command per transaction: this ledger double endorses single transactions only (envelopes: EnvelopeSubmitterTest).
            SubmitterSettings settings = SubmitterSettings.defaults("t-lost-claim").withMaxCommandsPerTransaction(1).withWorkers(1).withBatchSize(32)
                    .withLease(Duration.ofMinutes(10)).withPollInterval(Duration.ofMillis(10))
                    .withRetry(new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(50)));
            try (Submitter submitter = new Submitter(dataSource, ledger, settings, SubmitterHooks.NONE)) {
                submitter.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                        "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-lost-claim' AND status = 'COMMITTED'") == 5);
            }
            assertThat(loseNextCommitReply).isFalse(); // the first claim's reply was indeed lost
            assertThat(ledger.applications()).hasSize(5);
        }
    }

    /** Connections whose first commit (the first claim's) reaches the database and then fails as a dropped connection would. */
    private static DataSource commitReplyLostOnce(DataSource delegate, AtomicBoolean loseNext) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, delegate, args);
                    return result instanceof Connection connection ? losingCommitReply(connection, loseNext) : result;
                });
    }

    private static Connection losingCommitReply(Connection connection, AtomicBoolean loseNext) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, connection, args);
                    if (method.getName().equals("commit") && loseNext.compareAndSet(true, false)) {
                        throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
