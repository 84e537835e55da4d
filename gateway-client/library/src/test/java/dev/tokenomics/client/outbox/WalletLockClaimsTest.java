package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claims of several commands per transaction and their wallet locks, on PostgreSQL. */
class WalletLockClaimsTest {
    private static final Duration LEASE = Duration.ofMinutes(5);

    private static TestDatabase db;
    private static CommandClaims claims;
    private static CommandTransitions transitions;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(8);
        claims = new CommandClaims(db.dataSource());
        transitions = new CommandTransitions(db.dataSource());
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static long enqueue(String tenant, CommandType type, String payload, String key) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            return Outbox.enqueue(connection, NewCommand.of(tenant, type, payload, key)).id();
        }
    }

    private static long transfer(String tenant, String from, String to, String key) throws Exception {
        return enqueue(tenant, CommandType.TRANSFER, "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":1}", key);
    }

    private static List<Long> ids(CommandClaims.Claim claim) {
        return claim.commands().stream().map(ClaimedCommand::id).toList();
    }

    private static List<String> locks(String tenant) throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             var select = connection.prepareStatement("SELECT lock_key FROM outbox_wallet_lock WHERE tenant_id = ? ORDER BY lock_key")) {
            select.setString(1, tenant);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    @Test
    void aClaimTakesAKeysRunInOrderAndLocksEveryWalletItTouches() throws Exception {
        long first = transfer("t-run", "hot", "a", "run-1");
        long second = transfer("t-run", "hot", "b", "run-2");
        long batch = enqueue("t-run", CommandType.BATCH_TRANSFER,
                "{\"transfers\":[{\"fromId\":\"hot\",\"toId\":\"c\",\"amount\":1},{\"fromId\":\"d\",\"toId\":\"e\",\"amount\":1}]}", "run-3");

        CommandClaims.Claim claim = claims.claim("t-run", "w1", 100, 100, null, LEASE);

        assertThat(ids(claim)).containsExactly(first, second, batch);
        assertThat(claim.commands()).allMatch(command -> claim.holding().equals(command.holdingId()));
        assertThat(locks("t-run")).containsExactly("wallet:a", "wallet:b", "wallet:c", "wallet:d", "wallet:e", "wallet:hot");
    }

    @Test
    void aCommandTouchingAHeldWalletWaitsAndSoDoTheYoungerCommandsOfItsKey() throws Exception {
        long inFlight = transfer("t-held", "a", "b", "held-1");
        assertThat(ids(claims.claim("t-held", "w1", 100, 100, null, LEASE))).containsExactly(inFlight);
        transfer("t-held", "c", "d", "held-2");
        transfer("t-held", "c", "b", "held-3"); // b is held
        transfer("t-held", "c", "e", "held-4"); // must not overtake held-3
        long other = transfer("t-held", "f", "g", "held-5");

        CommandClaims.Claim second = claims.claim("t-held", "w2", 100, 100, null, LEASE);

        assertThat(ids(second)).hasSize(2).contains(other);
        assertThat(second.commands()).extracting(ClaimedCommand::idempotencyKey).containsExactlyInAnyOrder("held-2", "held-5");
    }

    @Test
    void claimsFindTheSameHeadsKeyByKeyAsByWalkingTheQueue() throws Exception {
        CommandClaims walking = new CommandClaims(db.dataSource(), SubmitterMeters.none(), 0);
        for (String tenant : List.of("t-by-key", "t-walk")) {
            transfer(tenant, "hot", "a", "in-flight");
            assertThat(claims.claim(tenant, "w1", 1, 100, null, LEASE).commands()).hasSize(1);
            transfer(tenant, "hot", "b", "key-held");
            transfer(tenant, "c", "a", "destination-held");
            long later = transfer(tenant, "d", "e", "not-due");
            db.execute("UPDATE outbox_command SET next_attempt_at = now() + interval '1 hour' WHERE id = " + later);
            transfer(tenant, "f", "g", "run-1");
            transfer(tenant, "f", "h", "run-2");
            transfer(tenant, "i", "j", "other");
            transfer(tenant, "k", "f", "into-the-run");
        }

        CommandClaims.Claim byKey = claims.claim("t-by-key", "w2", 100, 100, null, LEASE);
        CommandClaims.Claim walked = walking.claim("t-walk", "w2", 100, 100, null, LEASE);

        assertThat(byKey.commands()).extracting(ClaimedCommand::idempotencyKey)
                .containsExactly("run-1", "run-2", "other", "into-the-run");
        assertThat(walked.commands()).extracting(ClaimedCommand::idempotencyKey)
                .containsExactlyElementsOf(byKey.commands().stream().map(ClaimedCommand::idempotencyKey).toList());
        assertThat(locks("t-walk")).isEqualTo(locks("t-by-key"));
    }

    @Test
    void aClaimThatTakesNothingSaysWhetherDueCommandsWaitForAnotherHolding() throws Exception {
        assertThat(claims.claim("t-blocked", "w1", 100, 100, null, LEASE).blocked()).isFalse(); // nothing due at all
        long inFlight = transfer("t-blocked", "hot", "a", "blocked-1");
        assertThat(ids(claims.claim("t-blocked", "w1", 1, 100, null, LEASE))).containsExactly(inFlight);
        transfer("t-blocked", "hot", "b", "blocked-2");

        CommandClaims.Claim waiting = claims.claim("t-blocked", "w2", 100, 100, null, LEASE);

        assertThat(waiting.commands()).isEmpty();
        assertThat(waiting.blocked()).isTrue();
    }

    @Test
    void theProbeOfABlockedWorkerSaysWhetherAClaimCouldTakeAnything() throws Exception {
        long inFlight = transfer("t-probe", "hot", "a", "probe-1");
        assertThat(ids(claims.claim("t-probe", "w1", 1, 100, null, LEASE))).containsExactly(inFlight);
        transfer("t-probe", "hot", "b", "probe-2"); // its ordering key is held
        transfer("t-probe", "c", "a", "probe-3"); // its destination is held
        long later = transfer("t-probe", "d", "e", "probe-4");
        db.execute("UPDATE outbox_command SET next_attempt_at = now() + interval '1 hour' WHERE id = " + later); // free, not due

        assertThat(claims.mayClaim("t-probe")).isFalse();
        assertThat(claims.claim("t-probe", "w2", 100, 100, null, LEASE).commands()).isEmpty();

        long free = transfer("t-probe", "f", "g", "probe-5");
        assertThat(claims.mayClaim("t-probe")).isTrue();
        assertThat(ids(claims.claim("t-probe", "w2", 100, 100, null, LEASE))).containsExactly(free);
        assertThat(claims.mayClaim("t-probe")).isFalse();
    }

    @Test
    void aBlockedWorkerSweepsAHoldingOrphanedAfterItsCommandsWereConfirmedWithoutClaiming() throws Exception {
        CommandClaims process = new CommandClaims(db.dataSource());
        long confirmed = transfer("t-orphan", "a", "b", "orphan-1");
        assertThat(ids(process.claim("t-orphan", "w1", 100, 100, null, LEASE))).containsExactly(confirmed);
        // The projector confirmed it, and its worker died (or was paused) before releasing its wallets.
        db.execute("UPDATE outbox_command SET status = 'CONFIRMED', locked_by = NULL, lease_expires_at = NULL WHERE id = " + confirmed);
        transfer("t-orphan", "c", "b", "orphan-2");
        assertThat(process.mayClaim("t-orphan")).isFalse();

        // Not before a second has passed since this process's last sweep (its construction, here).
        await().atMost(Duration.ofSeconds(10)).until(() -> process.sweepIfDue("t-orphan") == 1);

        assertThat(db.count("SELECT count(*) FROM outbox_holding WHERE tenant_id = 't-orphan'")).isZero();
        assertThat(locks("t-orphan")).isEmpty();
        assertThat(process.mayClaim("t-orphan")).isTrue();
    }

    @Test
    void locksLeftBehindByASubmitterOlderThanV17AreSweptAndTheirWalletsClaimedAgain() throws Exception {
        CommandClaims process = new CommandClaims(db.dataSource());
        long waiting = transfer("t-old", "a", "b", "old-1");
        // An older submitter's release: the holding deleted, its locks left to a foreign key's cascade V17 dropped.
        db.execute("WITH h AS (INSERT INTO outbox_holding (tenant_id) VALUES ('t-old') RETURNING id) "
                + "INSERT INTO outbox_wallet_lock (tenant_id, lock_key, holding_id) SELECT 't-old', k, h.id FROM h, "
                + "unnest(ARRAY['wallet:a', 'wallet:b']) AS k");
        db.execute("DELETE FROM outbox_holding WHERE tenant_id = 't-old'");
        assertThat(process.mayClaim("t-old")).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> process.sweepIfDue("t-old") == 2);

        assertThat(locks("t-old")).isEmpty();
        assertThat(ids(process.claim("t-old", "w1", 100, 100, null, LEASE))).containsExactly(waiting);
    }

    @Test
    void theProbeAnswersYesWhenItCannotTell() throws Exception {
        long inFlight = transfer("t-unsure", "hot", "a", "unsure-1");
        assertThat(ids(claims.claim("t-unsure", "w1", 1, 100, null, LEASE))).containsExactly(inFlight);
        transfer("t-unsure", "hot", "b", "unsure-2");
        transfer("t-unsure", "c", "a", "unsure-3");
        assertThat(claims.mayClaim("t-unsure", 3)).isFalse(); // two keys queued, both seen, and the end of them
        assertThat(claims.mayClaim("t-unsure", 2)).as("as many keys queued as it visits: it cannot tell whether more are").isTrue();

        assertThat(claims.mayClaim("t-unsure")).isFalse();
        db.execute("UPDATE outbox_command SET lease_expires_at = now() - interval '1 second' WHERE id = " + inFlight);
        assertThat(claims.mayClaim("t-unsure")).as("a lease to take over").isTrue();
    }

    @Test
    void aLingeringWorkerExtendsItsOwnHoldingWithTheNextCommandsOfItsKeys() throws Exception {
        long first = transfer("t-linger", "hot", "a", "linger-1");
        CommandClaims.Claim claim = claims.claim("t-linger", "w1", 100, 100, null, LEASE);
        assertThat(ids(claim)).containsExactly(first);
        long next = transfer("t-linger", "hot", "a", "linger-2");

        assertThat(ids(claims.claim("t-linger", "w2", 100, 100, null, LEASE))).isEmpty();
        CommandClaims.Claim more = claims.claim("t-linger", "w1", 100, 100, claim.holding(), LEASE);

        assertThat(ids(more)).containsExactly(next);
        assertThat(more.holding()).isEqualTo(claim.holding());
    }

    /** Whether the worker names the holdings (as its claim returned them) or they are read from the commands. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theLastCommandOutOfFlightReleasesItsHoldingsWallets(boolean holdingsKnown) throws Exception {
        String tenant = "t-release-" + holdingsKnown;
        long first = transfer(tenant, "a", "b", "release-1");
        long second = transfer(tenant, "a", "c", "release-2");
        CommandClaims.Claim claim = claims.claim(tenant, "w1", 100, 100, null, LEASE);
        assertThat(ids(claim)).containsExactly(first, second);
        java.util.Set<Long> holdings = holdingsKnown ? java.util.Set.of(claim.holding()) : null;

        BatchOutcome committed = new BatchOutcome();
        committed.committed.add(new BatchOutcome.Committed(first, 5));
        transitions.apply("w1", committed, List.of(), holdings);
        assertThat(locks(tenant)).containsExactly("wallet:a", "wallet:b", "wallet:c");

        BatchOutcome failed = new BatchOutcome();
        failed.failed.add(new BatchOutcome.Failed(second, "INSUFFICIENT_FUNDS", null, "no"));
        transitions.apply("w1", failed, List.of(), holdings);
        assertThat(locks(tenant)).isEmpty();
        assertThat(db.count("SELECT count(*) FROM outbox_holding WHERE tenant_id = ?", tenant)).isZero();
    }

    @Test
    void aCommandWaitingOutAnOutageWithASentTransactionKeepsItsWalletsHeld() throws Exception {
        long sent = transfer("t-outage", "a", "b", "outage-1");
        CommandClaims.Claim claim = claims.claim("t-outage", "w1", 100, 100, null, LEASE);
        assertThat(ids(claim)).containsExactly(sent);
        transitions.recordEnvelope("w1", "t-outage", List.of(sent), new PreparedTransaction("tx-1", new byte[] {1}, "{\"commands\":[]}"));

        BatchOutcome waiting = new BatchOutcome();
        waiting.retries.add(new BatchOutcome.Retry(sent, 0, false, false, true, "waiting for the ledger"));
        transitions.apply("w1", waiting);
        long intoItsWallet = transfer("t-outage", "c", "b", "outage-2");

        assertThat(locks("t-outage")).containsExactly("wallet:a", "wallet:b");
        CommandClaims.Claim resumed = claims.claim("t-outage", "w2", 100, 100, null, LEASE);
        assertThat(ids(resumed)).containsExactly(sent).doesNotContain(intoItsWallet);
        assertThat(resumed.commands().get(0).transactionId()).isEqualTo("tx-1");
        assertThat(resumed.commands().get(0).envelope().position()).isZero();
        assertThat(resumed.commands().get(0).holdingId()).isEqualTo(claim.holding());
    }

    @Test
    void aTakeoverTakesAWholeHolding() throws Exception {
        long first = transfer("t-whole", "hot", "a", "whole-1");
        long second = transfer("t-whole", "hot", "b", "whole-2");
        long third = transfer("t-whole", "x", "y", "whole-3");
        assertThat(ids(claims.claim("t-whole", "w1", 100, 100, null, Duration.ofMillis(100)))).containsExactly(first, second, third);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-whole' AND lease_expires_at < now()") == 3);

        // A limit of one expired row still takes the holding's three commands, never a part of it.
        assertThat(ids(claims.claim("t-whole", "w2", 1, 100, null, LEASE))).containsExactly(first, second, third);
    }

    @Test
    void aCommandInFlightWhenV13ArrivesHoldsItsWalletsUntilItIsDone() throws Exception {
        try (TestDatabase old = TestDatabase.create(4, "11")) {
            try (Connection connection = old.dataSource().getConnection(); var statement = connection.createStatement()) {
                statement.execute("INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key, status, "
                        + "locked_by, lease_expires_at, attempts, fabric_tx_id, tx_bytes) VALUES ('t-v13', 'TRANSFER', "
                        + "'{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":1}', 'v13-1', 'wallet:a', 'PROCESSING', 'old-worker', "
                        + "now() - interval '1 second', 1, 'tx-old', '\\x01')");
                statement.execute("INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key) VALUES "
                        + "('t-v13', 'TRANSFER', '{\"fromId\":\"c\",\"toId\":\"b\",\"amount\":1}', 'v13-2', 'wallet:c')");
            }
            old.migrate();
            CommandClaims upgraded = new CommandClaims(old.dataSource());

            List<ClaimedCommand> claimed = upgraded.claim("t-v13", "new-worker", 10, 100, null, LEASE).commands();

            // The old in-flight command is taken over with its stored transaction; the one into its wallet waits.
            assertThat(claimed).extracting(ClaimedCommand::idempotencyKey).containsExactly("v13-1");
            assertThat(claimed.get(0).transactionId()).isEqualTo("tx-old");
            assertThat(old.count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-v13' AND lock_key IN ('wallet:a', 'wallet:b')"))
                    .isEqualTo(2);
        }
    }
}
