package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.PausingDataSource;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A submitter process paused between two statements of one of its transactions (SIGSTOP, a frozen
 * VM, a partition) keeps that transaction open on the server, with its locks: the turn and the
 * uncommitted wallet locks of a claim, or the holding row its completion locked. The server ends
 * such a transaction once it has been idle for {@link IdleTransactionBound#MILLIS}, so the
 * other workers go on; the paused one finds its transaction gone when it resumes, and nothing of
 * it was written; a running submitter takes that for an outage, writes its outcomes again and goes
 * on. Real PostgreSQL; the pause is a DataSource that stops before a given statement.
 */
class PausedWorkerTest {
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** The bound, the sweep of released holdings (once a second), and room for a busy machine. */
    private static final Duration UNBLOCKED_WITHIN = Duration.ofMillis(IdleTransactionBound.MILLIS).plusSeconds(20);

    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(8);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static long transfer(String tenant, String from, String to, String key) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            return Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":1}", key)).id();
        }
    }

    private static List<Long> ids(CommandClaims.Claim claim) {
        return claim.commands().stream().map(ClaimedCommand::id).toList();
    }

    /** Claims as worker w2 of another process would, until a claim takes something (bounded by UNBLOCKED_WITHIN). */
    private static CommandClaims.Claim firstClaimThatTakesCommands(String tenant) {
        CommandClaims others = new CommandClaims(db.dataSource());
        return await().atMost(UNBLOCKED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> others.claim(tenant, "w2", 100, 100, null, LEASE), claim -> !claim.commands().isEmpty());
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Runs the paused worker's transaction on a thread of its own; see {@link #failureOf}. */
    private static <T> CompletableFuture<T> inBackground(SqlCall<T> transaction) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return transaction.call();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** What the paused worker's transaction threw once it resumed (it must not have committed). */
    private static SQLException failureOf(CompletableFuture<?> paused) {
        try {
            paused.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                return sql;
            }
            throw new AssertionError("the paused transaction failed with something else than an SQLException", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("the paused transaction committed after the server had ended it");
    }

    @Test
    void aWorkerPausedInItsCompletionHoldsTheWalletsOfConfirmedCommandsNoLongerThanTheBound() throws Exception {
        PausingDataSource pausing = new PausingDataSource(db.dataSource());
        long confirmed = transfer("t-paused-out", "a", "b", "out-1");
        CommandClaims.Claim claim = new CommandClaims(pausing).claim("t-paused-out", "w1", 100, 100, null, LEASE);
        assertThat(ids(claim)).containsExactly(confirmed);
        // The projector confirms the command before its worker writes COMMITTED, as it often does.
        db.execute("UPDATE outbox_command SET status = 'CONFIRMED', locked_by = NULL, lease_expires_at = NULL WHERE id = " + confirmed);

        pausing.pauseBefore("pg_notify"); // the release, after the holding row is locked
        BatchOutcome outcome = new BatchOutcome();
        outcome.committed.add(new BatchOutcome.Committed(confirmed, 7));
        CompletableFuture<Integer> completion = inBackground(() -> new CommandTransitions(pausing).apply("w1", outcome));
        pausing.awaitPaused(Duration.ofSeconds(30));
        long intoItsWallet = transfer("t-paused-out", "c", "b", "out-2");

        CommandClaims.Claim next = firstClaimThatTakesCommands("t-paused-out");
        pausing.resume();

        assertThat(ids(next)).containsExactly(intoItsWallet);
        assertThat(DatabaseOutages.isOutage(failureOf(completion))).isTrue();
        assertThat(db.text("SELECT status FROM outbox_command WHERE id = " + confirmed)).isEqualTo("CONFIRMED");
        assertThat(db.count("SELECT count(*) FROM outbox_holding WHERE id = " + claim.holding())).isZero();
        assertThat(db.count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-paused-out' AND holding_id = "
                + next.holding())).isEqualTo(2);
    }

    @Test
    void aWorkerPausedInItsClaimHoldsItsTurnAndWalletsNoLongerThanTheBound() throws Exception {
        PausingDataSource pausing = new PausingDataSource(db.dataSource());
        long command = transfer("t-paused-claim", "a", "b", "claim-1");

        pausing.pauseBefore("SET status = 'PROCESSING'"); // the take, after the turn and the wallet locks
        CompletableFuture<CommandClaims.Claim> claiming =
                inBackground(() -> new CommandClaims(pausing).claim("t-paused-claim", "w1", 100, 100, null, LEASE));
        pausing.awaitPaused(Duration.ofSeconds(30));

        CommandClaims.Claim taken = firstClaimThatTakesCommands("t-paused-claim");
        pausing.resume();

        assertThat(ids(taken)).containsExactly(command);
        assertThat(DatabaseOutages.isOutage(failureOf(claiming))).isTrue();
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = " + command + " AND locked_by = 'w2' AND attempts = 1"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-paused-claim'")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM outbox_holding WHERE tenant_id = 't-paused-claim'")).isEqualTo(1);
    }

    @Test
    void aTakeoverReadsTheStoredTransactionsOnlyAfterItsClaimHasCommitted() throws Exception {
        long single = transfer("t-paused-read", "a", "b", "read-1");
        long member = transfer("t-paused-read", "c", "d", "read-2");
        CommandClaims claims = new CommandClaims(db.dataSource());
        assertThat(ids(claims.claim("t-paused-read", "w1", 1, 1, null, LEASE))).containsExactly(single);
        assertThat(ids(claims.claim("t-paused-read", "w1", 1, 1, null, LEASE))).containsExactly(member);
        CommandTransitions transitions = new CommandTransitions(db.dataSource());
        transitions.recordEndorsed("w1", List.of(single), List.of("tx-single"), List.of(new byte[] {1, 2}));
        transitions.recordEnvelope("w1", "t-paused-read", List.of(member), new PreparedTransaction("tx-envelope", new byte[] {3}, "{\"commands\":[]}"));
        // Worker w1 died: its leases run out.
        db.execute("UPDATE outbox_command SET lease_expires_at = now() - interval '1 second' WHERE tenant_id = 't-paused-read'");

        PausingDataSource pausing = new PausingDataSource(db.dataSource());
        pausing.pauseBefore("FROM outbox_envelope"); // the takeover's read of the stored transactions (megabytes, in real use)
        CompletableFuture<CommandClaims.Claim> takeover =
                inBackground(() -> new CommandClaims(pausing).claim("t-paused-read", "w2", 100, 100, null, LEASE));
        pausing.awaitPaused(Duration.ofSeconds(30));

        // Committed, so the rows it took are not locked while it reads: a claimer paused there holds nothing.
        assertThat(db.count("SELECT count(*) FROM (SELECT FROM outbox_command WHERE tenant_id = 't-paused-read' AND locked_by = 'w2'"
                + " FOR UPDATE NOWAIT) free")).isEqualTo(2);
        pausing.resume();

        List<ClaimedCommand> taken = takeover.get().commands();
        assertThat(taken).extracting(ClaimedCommand::id).containsExactly(single, member);
        assertThat(taken.get(0).transactionBytes()).containsExactly(1, 2);
        assertThat(taken.get(0).envelope()).isNull();
        assertThat(taken.get(1).transactionBytes()).containsExactly(3);
        assertThat(taken.get(1).envelope()).isEqualTo(new ClaimedCommand.EnvelopeSlot(taken.get(1).envelope().envelopeId(), 0,
                "{\"commands\":[]}"));
    }

    @Test
    void aWorkerResumedAfterTheServerEndedItsTransactionWritesItsOutcomesAgainAndGoesOn() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.fund("s", 100);
        ledger.fund("r", 0);
        long first = transfer("t-resumed", "s", "r", "resumed-1");
        PausingDataSource pausing = new PausingDataSource(db.dataSource());
        pausing.pauseBefore("pg_notify"); // the release of its first outcomes, after COMMITTED is written
        SubmitterSettings settings = SubmitterSettings.defaults("t-resumed").withWorkers(1).withPollInterval(Duration.ofMillis(10));
        try (Submitter submitter = new Submitter(pausing, ledger, settings, SubmitterHooks.NONE)) {
            submitter.start();
            pausing.awaitPaused(Duration.ofSeconds(30));
            // Once the server has ended the paused transaction, nothing holds the holding row any more.
            await().atMost(UNBLOCKED_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> db.count(
                    "SELECT count(*) FROM (SELECT FROM outbox_holding WHERE tenant_id = 't-resumed' FOR UPDATE SKIP LOCKED) free") == 1);
            assertThat(db.text("SELECT status FROM outbox_command WHERE id = " + first)).isEqualTo("PROCESSING");
            pausing.resume();

            transfer("t-resumed", "s", "r", "resumed-2"); // on the wallets the paused worker held
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-resumed' AND status = 'COMMITTED'") == 2);
            assertThat(submitter.stats().crashes()).isZero();
            assertThat(ledger.applications()).containsOnly(entry("t-resumed:resumed-1", 1), entry("t-resumed:resumed-2", 1));
            assertThat(ledger.balance("r")).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM outbox_holding WHERE tenant_id = 't-resumed'")).isZero();
        }
    }
}
