package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The submitter packing commands into ApplyCommands envelopes, on real PostgreSQL with the in-memory ledger. */
class EnvelopeSubmitterTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(24);
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

    private static SubmitterSettings envelopes(String tenant, int perTransaction) {
        return SubmitterSettings.defaults(tenant).withPollInterval(Duration.ofMillis(10))
                .withRetry(new RetryPolicy(50, Duration.ofMillis(5), Duration.ofMillis(50)))
                .withMaxCommandsPerTransaction(perTransaction);
    }

    private static void awaitAllTerminal(String tenant) {
        await().atMost(Duration.ofSeconds(120)).until(() -> db.count(
                "SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status IN ('PENDING', 'PROCESSING')", tenant) == 0);
    }

    private static long count(String sql, Object... args) throws SQLException {
        return db.count(sql, args);
    }

    @Test
    void aHotWalletsTransfersApplyInEnqueueOrderManyPerTransaction() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.fund("treasury", 1_000_000);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ledger.fund("user" + (i % 50), 0);
            keys.add(Outbox.chaincodeKey("t-hot", "hot-" + i));
            enqueue("t-hot", "treasury", "user" + (i % 50), 1 + i % 3, "hot-" + i);
        }
        try (Submitter submitter = new Submitter(db.dataSource(), ledger, envelopes("t-hot", 100).withWorkers(4), SubmitterHooks.NONE)) {
            submitter.start();
            awaitAllTerminal("t-hot");
        }

        assertThat(ledger.applyOrder()).containsExactlyElementsOf(keys);
        assertThat(count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-hot' AND status = 'COMMITTED'")).isEqualTo(500);
        // One wallet, one transaction in flight at a time: only envelopes make this fewer than 500.
        assertThat(count("SELECT count(DISTINCT fabric_tx_id) FROM outbox_command WHERE tenant_id = 't-hot'")).isLessThanOrEqualTo(50);
        assertThat(ledger.conflicts()).isZero();
        assertThat(count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-hot'")).isZero();
    }

    @Test
    void seedRaceInsideOneEnvelopeCommitsOneAndFailsNineWithInsufficientFunds() throws Exception {
        seedRace("t-seed-one", 100);
        assertThat(count("SELECT count(DISTINCT envelope_id) FROM outbox_command WHERE tenant_id = 't-seed-one'")).isEqualTo(1);
    }

    @Test
    void seedRaceSpreadOverSeveralEnvelopesCommitsOneAndFailsNineWithInsufficientFunds() throws Exception {
        seedRace("t-seed-many", 3);
        assertThat(count("SELECT count(DISTINCT envelope_id) FROM outbox_command WHERE tenant_id = 't-seed-many'")).isGreaterThanOrEqualTo(4);
    }

    private static void seedRace(String tenant, int perTransaction) throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.fund("alice", 1000);
        ledger.fund("bob", 0);
        for (int i = 0; i < 10; i++) {
            enqueue(tenant, "alice", "bob", 800, "seed-" + i);
        }
        try (Submitter submitter = new Submitter(db.dataSource(), ledger, envelopes(tenant, perTransaction), SubmitterHooks.NONE)) {
            submitter.start();
            awaitAllTerminal(tenant);
        }
        assertThat(count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'COMMITTED' AND idempotency_key = 'seed-0'",
                tenant)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'FAILED' AND error_code = 'INSUFFICIENT_FUNDS'",
                tenant)).isEqualTo(9);
        assertThat(ledger.balance("alice")).isEqualTo(200);
        assertThat(ledger.balance("bob")).isEqualTo(800);
        assertThat(OutboxSummary.of(db.dataSource(), tenant).conflicts()).isZero();
    }

    /**
     * While a transaction is submitted, every wallet it touches is locked by its own holding, and the
     * database refuses a second holder for one of them: the rule is the lock table's primary key, not
     * the timing of this run.
     */
    @Test
    void threeSubmittersNeverHaveTwoTransactionsInFlightOnOneWalletAndNeverConflict() throws Exception {
        String tenant = "t-rule";
        InMemoryLedger ledger = new InMemoryLedger();
        for (int w = 0; w < 40; w++) {
            ledger.fund("r" + w, 1_000_000);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 2000; i++) {
            int from = random.nextInt(40);
            int to = (from + 1 + random.nextInt(39)) % 40;
            enqueue(tenant, "r" + from, "r" + to, 1 + random.nextInt(5), "rule-" + i);
        }
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        SubmitterHooks checking = new SubmitterHooks() {
            @Override
            public void afterSubmit(ClaimedCommand command) {
                try {
                    Set<String> wallets = ClaimPlan.lockKeys(command);
                    long locked = db.count("SELECT count(*) FROM outbox_wallet_lock l JOIN outbox_command c ON c.holding_id = l.holding_id "
                            + "WHERE c.id = ? AND l.tenant_id = c.tenant_id AND l.lock_key = ANY (?::text[])", command.id(),
                            "{" + String.join(",", wallets) + "}");
                    if (locked != wallets.size()) {
                        violations.add("command " + command.id() + " in flight holds " + locked + " of " + wallets);
                    }
                    if (command.id() % 50 == 0) {
                        assertThatThrownBy(() -> secondHolder(tenant, wallets.iterator().next()))
                                .isInstanceOf(SQLException.class).hasMessageContaining("outbox_wallet_lock_pkey");
                        refused.incrementAndGet();
                    }
                } catch (SQLException e) {
                    violations.add(e.toString());
                }
            }
        };
        List<Submitter> submitters = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Submitter submitter = new Submitter(db.dataSource(), ledger, envelopes(tenant, 20).withWorkers(3), checking);
            submitters.add(submitter);
            submitter.start();
        }
        try {
            awaitAllTerminal(tenant);
        } finally {
            submitters.forEach(Submitter::close);
        }

        assertThat(violations).isEmpty();
        assertThat(refused.get()).isPositive();
        assertThat(count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'COMMITTED'", tenant)).isEqualTo(2000);
        assertThat(ledger.conflicts()).isZero();
        assertThat(OutboxSummary.of(db.dataSource(), tenant).conflicts()).isZero();
        assertThat(ledger.applications().values()).hasSize(2000).allMatch(applied -> applied == 1);
        assertThat(count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = ?", tenant)).isZero();
        assertThat(count("SELECT count(*) FROM outbox_holding WHERE tenant_id = ?", tenant)).isZero();
    }

    /** Another holding taking a wallet that is held: what every claimer of every process would run into. */
    private static void secondHolder(String tenant, String wallet) throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement holding = connection.prepareStatement(
                    "WITH h AS (INSERT INTO outbox_holding (tenant_id) VALUES (?) RETURNING id) "
                            + "INSERT INTO outbox_wallet_lock (tenant_id, lock_key, holding_id) SELECT ?, ?, id FROM h")) {
                holding.setString(1, tenant);
                holding.setString(2, tenant);
                holding.setString(3, wallet);
                holding.executeUpdate();
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void crashesAtEveryStepOfAnEnvelopeWithThreeSubmittersApplyEveryKeyExactlyOnce() throws Exception {
        String tenant = "t-env-crash";
        InMemoryLedger ledger = new InMemoryLedger();
        for (int w = 0; w < 20; w++) {
            ledger.fund("e" + w, 1_000_000);
        }
        List<String> hotKeys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (i % 4 == 0) {
                hotKeys.add(Outbox.chaincodeKey(tenant, "ec-" + i));
                enqueue(tenant, "hot", "e" + (i % 20), 1, "ec-" + i);
            } else {
                enqueue(tenant, "e" + (i % 20), "e" + ((i + 7) % 20), 1 + i % 5, "ec-" + i);
            }
        }
        ledger.fund("hot", 1_000_000);
        Map<String, AtomicInteger> passes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> crashes = new ConcurrentHashMap<>();
        SubmitterHooks crashy = new SubmitterHooks() {
            /** Every {@code every}-th pass through a step dies there, so each step sees crashes whatever the timing. */
            private void crashEvery(String step, int every) {
                if (passes.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet() % every == 3) {
                    crashes.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
                    throw new IllegalStateException("injected crash " + step);
                }
            }

            private void maybeCrash(String step) {
                crashEvery(step, 12);
            }

            @Override
            public void afterClaim(List<ClaimedCommand> batch) {
                maybeCrash("after claim");
            }

            @Override
            public void afterEnvelopeEndorsed(List<ClaimedCommand> envelope) {
                maybeCrash("after endorse");
            }

            @Override
            public void afterEnvelopeStored(List<ClaimedCommand> envelope) {
                maybeCrash("after store");
            }

            @Override
            public void afterSubmit(ClaimedCommand command) {
                crashEvery("after submit", 97);
            }

            @Override
            public void beforeStatusUpdate(List<ClaimedCommand> batch) {
                maybeCrash("before outcome");
            }
        };
        List<Submitter> submitters = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            // Takeovers of crashed workers' commands count as attempts: allow enough of them.
            Submitter submitter = new Submitter(db.dataSource(), ledger, envelopes(tenant, 25).withWorkers(2).withBatchSize(16)
                    .withLease(Duration.ofMillis(300)).withRetry(new RetryPolicy(100, Duration.ofMillis(5), Duration.ofMillis(50))), crashy);
            submitters.add(submitter);
            submitter.start();
        }
        try {
            awaitAllTerminal(tenant);
        } finally {
            submitters.forEach(Submitter::close);
        }

        assertThat(crashes.keySet()).containsExactlyInAnyOrder("after claim", "after endorse", "after store", "after submit",
                "before outcome");
        assertThat(count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'COMMITTED'", tenant))
                .as("FAILED: %s", count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'FAILED'", tenant))
                .isEqualTo(1000);
        assertThat(ledger.applications()).hasSize(1000);
        assertThat(ledger.applications().values()).allMatch(applied -> applied == 1);
        assertThat(ledger.applyOrder().stream().filter(hotKeys::contains).toList()).containsExactlyElementsOf(hotKeys);
        long supply = ledger.balance("hot");
        for (int w = 0; w < 20; w++) {
            supply += ledger.balance("e" + w);
        }
        assertThat(supply).isEqualTo(21_000_000L);
        assertThat(count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = ?", tenant)).isZero();
    }

    @Test
    void aCommandStoredWithASingleTransactionByAnOlderVersionIsResubmittedAsThatTransaction() throws Exception {
        String tenant = "t-old-row";
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.fund("a", 100);
        ledger.fund("b", 0);
        enqueue(tenant, "a", "b", 40, "old-1");
        enqueue(tenant, "a", "b", 10, "new-2");
        long id = count("SELECT id FROM outbox_command WHERE tenant_id = ? AND idempotency_key = 'old-1'", tenant);
        ClaimedCommand asStored = new ClaimedCommand(id, tenant, "TRANSFER", "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":40}", "old-1",
                "wallet:a", "wallet:b", 1, 0, Duration.ZERO, null, null);
        PreparedTransaction single = ledger.endorse(asStored);
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement store = connection.prepareStatement(
                     "UPDATE outbox_command SET fabric_tx_id = ?, tx_bytes = ?, attempts = 1 WHERE id = ?")) {
            store.setString(1, single.transactionId());
            store.setBytes(2, single.bytes());
            store.setLong(3, id);
            store.executeUpdate();
        }
        try (Submitter submitter = new Submitter(db.dataSource(), ledger, envelopes(tenant, 100), SubmitterHooks.NONE)) {
            submitter.start();
            awaitAllTerminal(tenant);
        }

        assertThat(count("SELECT count(*) FROM outbox_command WHERE id = ? AND status = 'COMMITTED' AND fabric_tx_id = ? "
                + "AND envelope_id IS NULL", id, single.transactionId())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND idempotency_key = 'new-2' AND status = 'COMMITTED' "
                + "AND envelope_id IS NOT NULL", tenant)).isEqualTo(1);
        assertThat(ledger.applyOrder()).containsExactly(Outbox.chaincodeKey(tenant, "old-1"), Outbox.chaincodeKey(tenant, "new-2"));
        assertThat(ledger.balance("b")).isEqualTo(50);
    }
}
