package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.LedgerUnavailableException;
import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A ledger that does not answer for a while, at each stage of a delivery: commands wait, visibly,
 * without spending their attempts, and are all delivered exactly once when it answers again. The
 * attempt budget is 2 throughout, so an outage that still spent it would fail them.
 */
class LedgerOutageTest {
    private static final int COMMANDS = 20;
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(12);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    /** Where the outage hits: before anything is sent, on submit, or while reading the commit status of a submitted one. */
    enum Stage { ENDORSE, SUBMIT, COMMIT_STATUS }

    /** The in-memory ledger behind a switch: while down, calls at {@code stage} fail as gRPC UNAVAILABLE does. */
    static final class SwitchedLedger implements CommandLedger {
        final InMemoryLedger ledger = new InMemoryLedger();
        final Stage stage;
        volatile boolean down = true;
        final AtomicInteger refused = new AtomicInteger();
        final Map<Long, Set<String>> submittedTxIds = new ConcurrentHashMap<>();

        SwitchedLedger(Stage stage) {
            this.stage = stage;
        }

        private void refuseIfDownAt(Stage at) throws LedgerUnavailableException {
            if (down && stage == at) {
                refused.incrementAndGet();
                throw new LedgerUnavailableException("UNAVAILABLE", "Fabric peer unreachable (UNAVAILABLE): io exception", null, null);
            }
        }

        @Override
        public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
            refuseIfDownAt(Stage.ENDORSE);
            return ledger.endorse(command);
        }

        @Override
        public PendingCommit submit(ClaimedCommand command, byte[] bytes) throws LedgerException {
            refuseIfDownAt(Stage.SUBMIT);
            submittedTxIds.computeIfAbsent(command.id(), id -> ConcurrentHashMap.newKeySet()).add(new String(bytes, StandardCharsets.UTF_8));
            PendingCommit commit = ledger.submit(command, bytes); // applied now: only its status is lost below
            return () -> {
                refuseIfDownAt(Stage.COMMIT_STATUS);
                return commit.awaitCommit();
            };
        }
    }

    private static void enqueue(String tenant, SwitchedLedger ledger) throws Exception {
        for (int i = 0; i < COMMANDS; i++) {
            ledger.ledger.fund(tenant + "-from" + i, 100);
            ledger.ledger.fund(tenant + "-to" + i, 0);
            try (Connection connection = db.dataSource().getConnection()) {
                Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER, "{\"fromId\":\"" + tenant + "-from" + i
                        + "\",\"toId\":\"" + tenant + "-to" + i + "\",\"amount\":10}", "k" + i));
            }
        }
    }

    private static SubmitterSettings settings(String tenant, RetryPolicy retry) {
        // One command per transaction: this ledger double endorses single transactions only (envelopes: EnvelopeSubmitterTest).
        return SubmitterSettings.defaults(tenant).withMaxCommandsPerTransaction(1).withWorkers(2).withBatchSize(8).withPollInterval(Duration.ofMillis(10)).withRetry(retry);
    }

    private static RetryPolicy twoAttempts() {
        return new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(50));
    }

    private static long count(String tenant, String condition) throws Exception {
        return db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND " + condition, tenant);
    }

    /** Runs through an outage at {@code stage} that outlasts the attempt budget many times over. */
    private static void deliverThroughOutage(String tenant, Stage stage, String waitingDetail) throws Exception {
        SwitchedLedger ledger = new SwitchedLedger(stage);
        enqueue(tenant, ledger);
        try (Submitter submitter = new Submitter(db.dataSource(), ledger, settings(tenant, twoAttempts()), SubmitterHooks.NONE)) {
            submitter.start();
            // Visible as waiting: PENDING, due later, the cause named, no attempt spent.
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.refused.get() >= 10 * COMMANDS / 8
                    && count(tenant, "status = 'PENDING' AND attempts = 0 AND error_detail LIKE '" + waitingDetail
                    + "%(UNAVAILABLE): io exception'") > 0);
            assertThat(count(tenant, "status = 'FAILED'")).isZero();
            ledger.down = false;
            await().atMost(Duration.ofSeconds(60)).until(() -> count(tenant, "status IN ('PENDING', 'PROCESSING')") == 0);
            assertThat(submitter.stats().ledgerWaits()).isPositive();
        }
        assertThat(count(tenant, "status = 'COMMITTED' AND attempts = 1")).isEqualTo(COMMANDS);
        assertThat(ledger.ledger.applications()).hasSize(COMMANDS);
        assertThat(ledger.ledger.applications().values()).allMatch(times -> times == 1);
        // A command whose transaction was sent is asked about again with that same transaction.
        assertThat(ledger.submittedTxIds.values()).allMatch(txIds -> txIds.size() == 1);
    }

    @Test
    void anOutageBeforeAnythingIsSentDelaysCommandsAndNeverFailsThem() throws Exception {
        deliverThroughOutage("t-down-endorse", Stage.ENDORSE, "waiting for the ledger (nothing sent)");
    }

    @Test
    void anOutageOnSubmitKeepsTheStoredTransactionAndNeverFailsIt() throws Exception {
        deliverThroughOutage("t-down-submit", Stage.SUBMIT, "waiting for the ledger to answer about its transaction");
    }

    @Test
    void anUnknownCommitStatusIsAskedAgainWithTheSameTransactionAndAppliesOnce() throws Exception {
        deliverThroughOutage("t-down-status", Stage.COMMIT_STATUS, "waiting for the ledger to answer about its transaction");
    }

    @Test
    void onlyANeverSentCommandExpiresAndOnlyPastTheConfiguredDeadline() throws Exception {
        RetryPolicy expiring = twoAttempts().withExpireAfter(Duration.ofMillis(1));

        SwitchedLedger neverReached = new SwitchedLedger(Stage.ENDORSE);
        enqueue("t-expire-unsent", neverReached);
        try (Submitter submitter = new Submitter(db.dataSource(), neverReached, settings("t-expire-unsent", expiring), SubmitterHooks.NONE)) {
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> count("t-expire-unsent", "status IN ('PENDING', 'PROCESSING')") == 0);
        }
        assertThat(count("t-expire-unsent", "status = 'FAILED' AND error_code = 'EXPIRED' AND error_detail LIKE "
                + "'not delivered within PT0.001S%never reached the ledger%UNAVAILABLE%'")).isEqualTo(COMMANDS);
        assertThat(neverReached.ledger.applications()).isEmpty();

        SwitchedLedger sent = new SwitchedLedger(Stage.COMMIT_STATUS);
        enqueue("t-expire-sent", sent);
        try (Submitter submitter = new Submitter(db.dataSource(), sent, settings("t-expire-sent", expiring), SubmitterHooks.NONE)) {
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.refused.get() >= 3 * COMMANDS);
            assertThat(count("t-expire-sent", "status = 'FAILED'")).as("sent, so its outcome is the ledger's to tell").isZero();
            sent.down = false;
            await().atMost(Duration.ofSeconds(60)).until(() -> count("t-expire-sent", "status IN ('PENDING', 'PROCESSING')") == 0);
        }
        assertThat(count("t-expire-sent", "status = 'COMMITTED'")).isEqualTo(COMMANDS);
    }
}
