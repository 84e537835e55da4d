package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.LedgerUnavailableException;
import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The submitter on real PostgreSQL with an in-memory ledger behind the seam (the devnet versions are in e2e). */
class SubmitterTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(16);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static void enqueue(String tenant, String from, String to, long amount, String key) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}", key));
        }
    }

    private static SubmitterSettings settings(String tenant) {
        // One command per transaction: this ledger double endorses single transactions only (envelopes: EnvelopeSubmitterTest).
        return SubmitterSettings.defaults(tenant).withMaxCommandsPerTransaction(1).withPollInterval(Duration.ofMillis(10))
                .withRetry(new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(50)));
    }

    private static void awaitAllTerminal(String tenant) {
        await().atMost(Duration.ofSeconds(120)).until(() -> db.count(
                "SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status IN ('PENDING', 'PROCESSING')", tenant) == 0);
    }

    @Nested
    class IdleWorkers {
        @Test
        void anEnqueueWakesThemLongBeforeTheirNextPoll() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("carol", 100);
            ledger.fund("dave", 0);
            // A poll interval no await below reaches: only hearing the enqueue (V15) can wake them in time.
            SubmitterSettings rarePolls = settings("t-wake").withWorkers(2).withPollInterval(Duration.ofMinutes(5));
            try (Submitter submitter = new Submitter(db.dataSource(), ledger, rarePolls, SubmitterHooks.NONE)) {
                submitter.start();
                enqueue("t-wake", "carol", "dave", 40, "wake-1");
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                        "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-wake' AND status = 'COMMITTED'") == 1);
                enqueue("t-wake", "carol", "dave", 2, "wake-2");
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                        "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-wake' AND status = 'COMMITTED'") == 2);
            }
            assertThat(ledger.balance("dave")).isEqualTo(42);
        }

        @Test
        void theListenerWakesThemForItsOwnTenant() throws Exception {
            IdlePolls polls = new IdlePolls(Duration.ofMinutes(5));
            try (OutboxListener listener = new OutboxListener(db.dataSource(), "t-heard", polls)) {
                listener.start();
                await().atMost(Duration.ofSeconds(30)).until(polls::hearing);
                assertThat(polls.tryStart()).isTrue();
                assertThat(polls.nanosUntilNext()).isPositive();

                enqueue("t-heard", "erin", "frank", 1, "heard-1");

                await().atMost(Duration.ofSeconds(30)).until(() -> polls.nanosUntilNext() == 0);
            }
            assertThat(polls.hearing()).isFalse();
        }

        @Test
        void aReleasedHoldingWakesWorkersWhoseLastClaimWasBlocked() throws Exception {
            enqueue("t-release", "gina", "hal", 1, "release-1");
            CommandClaims.Claim inFlight = new CommandClaims(db.dataSource()).claim("t-release", "w1", 10, 10, null, Duration.ofMinutes(5));
            assertThat(inFlight.holding()).isNotNull();
            IdlePolls polls = new IdlePolls(Duration.ofMinutes(5));
            try (OutboxListener listener = new OutboxListener(db.dataSource(), "t-release", polls)) {
                listener.start();
                await().atMost(Duration.ofSeconds(30)).until(polls::hearing);
                assertThat(polls.tryStart()).isTrue();
                polls.polledBlocked();
                enqueue("t-release", "gina", "ivan", 1, "release-2"); // behind gina's wallet: heard, and no reason to wake

                BatchOutcome committed = new BatchOutcome();
                committed.committed.add(new BatchOutcome.Committed(inFlight.commands().get(0).id(), 5));
                new CommandTransitions(db.dataSource()).apply("w1", committed); // the last command out releases the holding

                await().atMost(Duration.ofSeconds(30)).until(() -> polls.nanosUntilNext() == 0);
            }
            assertThat(db.count("SELECT count(*) FROM outbox_holding WHERE tenant_id = 't-release'")).isZero();
        }
    }

    @Nested
    class SeedRace {
        @Test
        void tenTransfersOf800FromAWalletOf1000ConfirmOneAndFailNineWithInsufficientFunds() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("alice", 1000);
            ledger.fund("bob", 0);
            for (int i = 0; i < 10; i++) {
                enqueue("t-seed", "alice", "bob", 800, "seed-" + i);
            }
            try (Submitter submitter = new Submitter(db.dataSource(), ledger, settings("t-seed").withWorkers(4), SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-seed");
            }

            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-seed' AND status = 'COMMITTED'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-seed' AND status = 'FAILED' "
                    + "AND error_code = 'INSUFFICIENT_FUNDS'")).isEqualTo(9);
            assertThat(ledger.balance("alice")).isEqualTo(200);
            assertThat(ledger.balance("bob")).isEqualTo(800);
            assertThat(OutboxSummary.of(db.dataSource(), "t-seed").conflicts()).isZero();
        }
    }

    @Nested
    class Crashes {
        @Test
        void threeSubmittersWithCrashesBetweenSubmitAndStatusUpdateApplyEveryKeyExactlyOnce() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            for (int w = 0; w < 20; w++) {
                ledger.fund("c" + w, 1_000_000);
            }
            for (int i = 0; i < 1000; i++) {
                enqueue("t-crash", "c" + (i % 20), "c" + ((i + 7) % 20), 1 + i % 5, "crash-" + i);
            }
            AtomicInteger crashes = new AtomicInteger();
            SubmitterHooks crashy = new SubmitterHooks() {
                @Override
                public void afterSubmit(ClaimedCommand command) {
                    if (ThreadLocalRandom.current().nextInt(40) == 0) {
                        crashes.incrementAndGet();
                        throw new IllegalStateException("injected crash after submitting command " + command.id());
                    }
                }
            };
            List<Submitter> submitters = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                // Takeovers of crashed workers' commands count as attempts: allow enough of them.
                Submitter submitter = new Submitter(db.dataSource(), ledger,
                        settings("t-crash").withWorkers(2).withBatchSize(16).withLease(Duration.ofMillis(300))
                                .withRetry(new RetryPolicy(50, Duration.ofMillis(5), Duration.ofMillis(50))), crashy);
                submitters.add(submitter);
                submitter.start();
            }
            try {
                awaitAllTerminal("t-crash");
            } finally {
                submitters.forEach(Submitter::close);
            }

            assertThat(crashes.get()).isPositive();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-crash' AND status = 'COMMITTED'"))
                    .as("FAILED: %s", db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-crash' AND status = 'FAILED'"))
                    .isEqualTo(1000);
            assertThat(ledger.applications()).hasSize(1000);
            assertThat(ledger.applications().values()).allMatch(count -> count == 1);
            long supply = 0;
            for (int w = 0; w < 20; w++) {
                supply += ledger.balance("c" + w);
            }
            assertThat(supply).isEqualTo(20_000_000L);
        }

        @Test
        void commandsOfOneWalletApplyInEnqueueOrderDespiteCrashes() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("hot", 1_000_000);
            ledger.fund("cold", 0);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keys.add(Outbox.chaincodeKey("t-order", "ord-" + i));
                enqueue("t-order", "hot", "cold", 1, "ord-" + i);
            }
            SubmitterHooks crashy = new SubmitterHooks() {
                @Override
                public void beforeStatusUpdate(List<ClaimedCommand> batch) {
                    if (ThreadLocalRandom.current().nextInt(5) == 0) {
                        throw new IllegalStateException("injected crash before status update");
                    }
                }
            };
            try (Submitter submitter = new Submitter(db.dataSource(), ledger,
                    settings("t-order").withWorkers(4).withLease(Duration.ofMillis(200)), crashy)) {
                submitter.start();
                awaitAllTerminal("t-order");
            }
            assertThat(ledger.applyOrder()).containsExactlyElementsOf(keys);
            assertThat(OutboxSummary.of(db.dataSource(), "t-order").conflicts()).isZero();
        }

        @Test
        void aWorkerThatKeepsDyingIsRestartedWithGrowingDelaysNotInAHotLoop() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            for (int i = 0; i < 20; i++) {
                ledger.fund("d" + i, 10);
                ledger.fund("e" + i, 0);
                enqueue("t-deaths", "d" + i, "e" + i, 1, "death-" + i);
            }
            List<Long> deaths = new java.util.concurrent.CopyOnWriteArrayList<>();
            SubmitterHooks alwaysDies = new SubmitterHooks() {
                @Override
                public void beforeStatusUpdate(List<ClaimedCommand> batch) {
                    deaths.add(System.nanoTime());
                    throw new IllegalStateException("injected crash before every status update");
                }
            };
            Duration poll = Duration.ofMillis(10);
            try (Submitter submitter = new Submitter(db.dataSource(), ledger,
                    settings("t-deaths").withWorkers(1).withBatchSize(1).withPollInterval(poll), alwaysDies)) {
                submitter.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> deaths.size() >= 6);
            }
            // Restart n waits at least half of min(30 s, poll * 2^(n-1)): parking never returns early.
            for (int n = 1; n < 6; n++) {
                long gapMillis = (deaths.get(n) - deaths.get(n - 1)) / 1_000_000;
                assertThat(gapMillis).as("gap before death %d", n + 1).isGreaterThanOrEqualTo((poll.toMillis() << (n - 1)) / 2);
            }
        }

        @Test
        void transfersIntoOneWalletAndOutOfItNeverConflict() throws Exception {
            // Without the touch key these all ran at once: every transfer into "shop" read the same
            // version of it, and "shop"'s own transfers read what the others were writing.
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("shop", 1_000);
            ledger.fund("supplier", 0);
            for (int i = 0; i < 20; i++) {
                ledger.fund("buyer" + i, 100);
                enqueue("t-touch", "buyer" + i, "shop", 10, "buy-" + i);
                enqueue("t-touch", "shop", "supplier", 5, "pay-" + i);
            }
            try (Submitter submitter = new Submitter(db.dataSource(), ledger, settings("t-touch").withWorkers(4).withBatchSize(8),
                    SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-touch");
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-touch' AND status = 'COMMITTED'")).isEqualTo(40);
            assertThat(OutboxSummary.of(db.dataSource(), "t-touch").conflicts()).isZero();
            assertThat(ledger.balance("shop")).isEqualTo(1_000 + 20 * 10 - 20 * 5);
            assertThat(ledger.balance("supplier")).isEqualTo(100);
        }
    }

    @Nested
    class Classification {
        @Test
        void mvccConflictIsReEndorsedAsANewTransaction() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("x", 100);
            ledger.fund("y", 0);
            enqueue("t-mvcc", "x", "y", 10, "mvcc-1");
            CommandLedger conflictingOnce = conflicting(ledger, "x", 1);
            try (Submitter submitter = new Submitter(db.dataSource(), conflictingOnce, settings("t-mvcc"), SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-mvcc");
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-mvcc' AND status = 'COMMITTED' "
                    + "AND conflicts = 1 AND attempts = 2")).isEqualTo(1);
            assertThat(ledger.balance("y")).isEqualTo(10);
        }

        /** A ledger on which a concurrent writer touches the source wallet after each of the first {@code times} endorsements. */
        private CommandLedger conflicting(InMemoryLedger ledger, String wallet, int times) {
            AtomicInteger endorsements = new AtomicInteger();
            return new CommandLedger() {
                @Override
                public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
                    PreparedTransaction tx = ledger.endorse(command);
                    if (endorsements.incrementAndGet() <= times) {
                        ledger.fund(wallet, 0);
                    }
                    return tx;
                }

                @Override
                public PendingCommit submit(ClaimedCommand command, byte[] bytes) {
                    return ledger.submit(command, bytes);
                }
            };
        }

        @Test
        void mvccConflictsDoNotSpendTheAttemptBudget() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("hot-in", 100);
            ledger.fund("hot-out", 0);
            enqueue("t-conflicts", "hot-in", "hot-out", 10, "conflicts-1");
            SubmitterSettings fewAttempts = settings("t-conflicts").withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)));
            try (Submitter submitter = new Submitter(db.dataSource(), conflicting(ledger, "hot-in", 12), fewAttempts, SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-conflicts");
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-conflicts' AND status = 'COMMITTED' "
                    + "AND conflicts = 12 AND attempts = 13")).isEqualTo(1);
            assertThat(ledger.balance("hot-out")).isEqualTo(10);
        }

        @Test
        void mvccConflictsPastTheirOwnLimitFailWithRetriesExhausted() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("busy-in", 100);
            ledger.fund("busy-out", 0);
            enqueue("t-conflict-limit", "busy-in", "busy-out", 10, "conflict-limit-1");
            SubmitterSettings limited = settings("t-conflict-limit").withRetry(new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(5), 4));
            try (Submitter submitter = new Submitter(db.dataSource(), conflicting(ledger, "busy-in", 100), limited, SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-conflict-limit");
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-conflict-limit' AND status = 'FAILED' "
                    + "AND error_code = 'RETRIES_EXHAUSTED' AND validation_code = 'MVCC_READ_CONFLICT' AND attempts = 4")).isEqualTo(1);
            assertThat(ledger.balance("busy-out")).isZero();
        }

        @Test
        void transientFailureRetriesTheSameStoredTransaction() throws Exception {
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("p", 100);
            ledger.fund("q", 0);
            enqueue("t-transient", "p", "q", 10, "tr-1");
            Set<String> submittedTxIds = ConcurrentHashMap.newKeySet();
            AtomicInteger submissions = new AtomicInteger();
            CommandLedger flaky = new CommandLedger() {
                @Override
                public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
                    return ledger.endorse(command);
                }

                @Override
                public PendingCommit submit(ClaimedCommand command, byte[] bytes) throws LedgerException {
                    submittedTxIds.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                    if (submissions.incrementAndGet() == 1) {
                        throw new LedgerUnavailableException("UNAVAILABLE", "orderer unreachable", null, null);
                    }
                    return ledger.submit(command, bytes);
                }
            };
            try (Submitter submitter = new Submitter(db.dataSource(), flaky, settings("t-transient"), SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-transient");
            }
            assertThat(submittedTxIds).hasSize(1);
            // The unanswered attempt was given back: an outage spends no attempt.
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-transient' AND status = 'COMMITTED' "
                    + "AND attempts = 1")).isEqualTo(1);
        }

        @Test
        void aCommandThatKeepsBreakingItsDeliveryEndsRetriesExhaustedAndTheRestOfItsBatchIsDelivered() throws Exception {
            // Not an outage and not a ledger answer: the one thing the attempt budget is still for.
            InMemoryLedger ledger = new InMemoryLedger();
            ledger.fund("m", 100);
            ledger.fund("n", 0);
            enqueue("t-exhausted", "m", "n", 1, "ex-1");
            enqueue("t-exhausted", "n", "m", 1, "ex-2");
            enqueue("t-exhausted", "poisoned", "n", 1, "ex-3");
            CommandLedger breaksOnOne = new CommandLedger() {
                @Override
                public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
                    if (command.idempotencyKey().equals("ex-3")) {
                        throw new IllegalStateException("a bug met only by this command");
                    }
                    return ledger.endorse(command);
                }

                @Override
                public PendingCommit submit(ClaimedCommand command, byte[] bytes) {
                    return ledger.submit(command, bytes);
                }
            };
            SubmitterSettings limited = settings("t-exhausted").withWorkers(1).withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)));
            try (Submitter submitter = new Submitter(db.dataSource(), breaksOnOne, limited, SubmitterHooks.NONE)) {
                submitter.start();
                awaitAllTerminal("t-exhausted");
                assertThat(submitter.stats().crashes()).isZero();
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-exhausted' AND status = 'FAILED' "
                    + "AND error_code = 'RETRIES_EXHAUSTED' AND attempts = 3 AND error_detail LIKE '%a bug met only by this command%'"))
                    .isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-exhausted' AND status = 'COMMITTED'")).isEqualTo(2);
        }
    }
}
