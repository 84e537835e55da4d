package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.support.FailingDataSource;
import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The database stops answering while a worker holds a batch the ledger has already committed (the
 * connection pool times out, as HikariCP does): the worker keeps the ledger's answers and writes
 * them once the database answers, instead of leaving the commands PROCESSING until their leases
 * (5 minutes here) expire. Real PostgreSQL behind a DataSource that fails a counted number of times.
 */
class DatabaseOutageTest {
    @Test
    void aDatabaseOutageMidBatchDelaysTheOutcomesAndLosesNone() throws Exception {
        try (TestDatabase db = TestDatabase.create(8)) {
            InMemoryLedger ledger = new InMemoryLedger();
            for (int i = 0; i < 10; i++) {
                ledger.fund("s" + i, 100);
                ledger.fund("r" + i, 0);
                try (Connection connection = db.dataSource().getConnection()) {
                    Outbox.enqueue(connection, NewCommand.of("t-db-down", CommandType.TRANSFER,
                            "{\"fromId\":\"s" + i + "\",\"toId\":\"r" + i + "\",\"amount\":10}", "db-" + i));
                }
            }
            FailingDataSource dataSource = new FailingDataSource(db.dataSource());
            AtomicBoolean outageStarted = new AtomicBoolean();
            CommandLedger ledgerThenOutage = new CommandLedger() {
                @Override
                public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
                    return ledger.endorse(command);
                }

                @Override
                public PendingCommit submit(ClaimedCommand command, byte[] bytes) {
                    PendingCommit commit = ledger.submit(command, bytes);
                    if (outageStarted.compareAndSet(false, true)) {
                        dataSource.failNext(8); // every statement until the 9th connection request fails
                    }
                    return commit;
                }
            };
            // One command per transaction: this ledger double endorses single transactions only (envelopes: EnvelopeSubmitterTest).
            SubmitterSettings settings = SubmitterSettings.defaults("t-db-down").withMaxCommandsPerTransaction(1).withWorkers(1).withBatchSize(32)
                    .withPollInterval(Duration.ofMillis(10)).withRetry(new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(50)));
            try (Submitter submitter = new Submitter(dataSource, ledgerThenOutage, settings, SubmitterHooks.NONE)) {
                submitter.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                        "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-db-down' AND status = 'COMMITTED'") == 10);
                assertThat(submitter.stats().crashes()).isZero();
            }
            assertThat(dataSource.failed()).isEqualTo(8);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-db-down' AND attempts = 1")).isEqualTo(10);
            assertThat(ledger.applications()).hasSize(10);
        }
    }
}
