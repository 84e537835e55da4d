package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While a batch's last envelope is ordered, its worker claims the commands that wait only for the
 * batch's wallets (a hot wallet's next ones) into the same holding, and delivers them next; on real
 * PostgreSQL with the in-memory ledger.
 */
class ClaimAheadTest {
    private static final int PER_TRANSACTION = 100;

    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(8);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    /** A hot wallet's transfers: every one from {@code treasury}, to ten wallets; returns their chaincode keys in enqueue order. */
    private static List<String> enqueueHotWallet(String tenant, InMemoryLedger ledger, int count) throws Exception {
        ledger.fund("treasury", 1_000_000);
        List<String> keys = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection()) {
            for (int i = 0; i < count; i++) {
                ledger.fund("user" + i % 10, 0);
                Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER,
                        "{\"fromId\":\"treasury\",\"toId\":\"user" + i % 10 + "\",\"amount\":1}", "k-" + i));
                keys.add(Outbox.chaincodeKey(tenant, "k-" + i));
            }
        }
        return keys;
    }

    private static SubmitterSettings oneWorker(String tenant) {
        return SubmitterSettings.defaults(tenant).withPollInterval(Duration.ofMillis(10))
                .withRetry(new RetryPolicy(50, Duration.ofMillis(5), Duration.ofMillis(50)))
                .withMaxCommandsPerTransaction(PER_TRANSACTION).withBatchSize(PER_TRANSACTION);
    }

    /** Claims seen by the hooks, each with how many envelopes had been submitted and not yet had their outcomes written. */
    private static final class ClaimLog implements SubmitterHooks {
        final List<Integer> claimsWhileInFlight = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();

        @Override
        public void afterClaim(List<ClaimedCommand> batch) {
            claimsWhileInFlight.add(inFlight.get());
        }

        @Override
        public void afterEnvelopeStored(List<ClaimedCommand> envelope) {
            inFlight.incrementAndGet();
        }

        @Override
        public void beforeStatusUpdate(List<ClaimedCommand> batch) {
            inFlight.set(0);
        }
    }

    @Test
    void theNextCommandsOfAHotWalletAreClaimedWhileItsEnvelopeIsOrderedAndApplyInEnqueueOrder() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        List<String> keys = enqueueHotWallet("t-ahead", ledger, 5 * PER_TRANSACTION);
        ClaimLog claims = new ClaimLog();

        try (Submitter submitter = new Submitter(db.dataSource(), ledger, oneWorker("t-ahead"), claims)) {
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-ahead' AND status = 'COMMITTED'") == keys.size());
        }

        assertThat(ledger.applyOrder()).containsExactlyElementsOf(keys);
        // Four of the five envelopes were claimed while the one before them was in flight.
        assertThat(claims.claimsWhileInFlight.stream().filter(envelopes -> envelopes > 0)).hasSize(4);
        assertThat(ledger.conflicts()).isZero();
        assertThat(db.count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-ahead'")).isZero();
    }

    @Test
    void aHoldingIsLetGoAfterSomeBatchesClaimedAheadSoOtherKeysWaitingForItsWalletsGetATurn() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        int batches = 3 * (SubmitterWorker.MAX_CLAIMS_AHEAD_IN_A_ROW + 1);
        List<String> keys = enqueueHotWallet("t-turns", ledger, batches * PER_TRANSACTION);
        ClaimLog claims = new ClaimLog();

        try (Submitter submitter = new Submitter(db.dataSource(), ledger, oneWorker("t-turns"), claims)) {
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-turns' AND status = 'COMMITTED'") == keys.size());
        }

        assertThat(ledger.applyOrder()).containsExactlyElementsOf(keys);
        // Claims alternate: one made with nothing in flight (the holding let go), then at most the bound ahead.
        List<Integer> pattern = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            pattern.add(i % (SubmitterWorker.MAX_CLAIMS_AHEAD_IN_A_ROW + 1) == 0 ? 0 : 1);
        }
        assertThat(claims.claimsWhileInFlight).containsExactlyElementsOf(pattern);
    }

    @Test
    void anEnvelopeToRetryGivesBackWhatWasClaimedAheadSoNoCommandOvertakesIt() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        List<String> keys = enqueueHotWallet("t-conflict", ledger, 3 * PER_TRANSACTION);
        ClaimLog claims = new ClaimLog();
        // The first envelope fails MVCC validation (a direct caller changed the treasury first), so
        // its commands are retried after the ones claimed ahead of them were already claimed.
        CommandLedger conflictFirst = conflictingFirst(ledger);

        try (Submitter submitter = new Submitter(db.dataSource(), conflictFirst, oneWorker("t-conflict"), claims)) {
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-conflict' AND status = 'COMMITTED'") == keys.size());
        }

        assertThat(ledger.applyOrder()).containsExactlyElementsOf(keys);
        assertThat(claims.claimsWhileInFlight.get(1)).as("the second claim was made ahead, during the conflicting envelope").isPositive();
        assertThat(db.count("SELECT sum(conflicts) FROM outbox_command WHERE tenant_id = 't-conflict'")).isEqualTo(PER_TRANSACTION);
        // Given back, the commands claimed ahead counted no attempt for it.
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-conflict' AND conflicts = 0 AND attempts = 1"))
                .isEqualTo(2 * PER_TRANSACTION);
    }

    @Test
    void theEnvelopesAfterOneToRetryWaitForItInsteadOfOvertakingIt() throws Exception {
        // Two keys whose commands alternate and share wallets: one claim packs them, in id order, into
        // two envelopes that both touch user0, so they go in two waves.
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.fund("treasury", 1_000_000);
        ledger.fund("user0", 1_000_000);
        List<String> treasuryKeys = new ArrayList<>();
        List<String> user0Keys = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection()) {
            for (int i = 0; i < 2 * PER_TRANSACTION; i++) {
                ledger.fund("user" + (1 + i % 9), 0);
                String from = i % 2 == 0 ? "treasury" : "user0";
                Outbox.enqueue(connection, NewCommand.of("t-waves", CommandType.TRANSFER,
                        "{\"fromId\":\"" + from + "\",\"toId\":\"user" + (1 + i % 9) + "\",\"amount\":1}", "k-" + i));
                (i % 2 == 0 ? treasuryKeys : user0Keys).add(Outbox.chaincodeKey("t-waves", "k-" + i));
            }
        }
        int commands = treasuryKeys.size() + user0Keys.size();
        CommandLedger conflictFirst = conflictingFirst(ledger);
        SubmitterSettings settings = oneWorker("t-waves").withBatchSize(2 * PER_TRANSACTION);

        try (Submitter submitter = new Submitter(db.dataSource(), conflictFirst, settings, SubmitterHooks.NONE)) {
            submitter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-waves' AND status = 'COMMITTED'") == commands);
        }

        // Each wallet's commands in enqueue order. The two senders share no wallet, so their order
        // against each other is not promised: the retried heads fall due a few jittered
        // milliseconds apart, and a claim between them takes one sender's commands alone.
        assertThat(ledger.applyOrder()).hasSize(commands);
        assertThat(ledger.applyOrder().stream().filter(treasuryKeys::contains).toList()).containsExactlyElementsOf(treasuryKeys);
        assertThat(ledger.applyOrder().stream().filter(user0Keys::contains).toList()).containsExactlyElementsOf(user0Keys);
        assertThat(db.count("SELECT sum(conflicts) FROM outbox_command WHERE tenant_id = 't-waves'")).isEqualTo(PER_TRANSACTION);
        // The wave that waited counted no attempt for it.
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-waves' AND conflicts = 0 AND attempts = 1"))
                .isEqualTo(PER_TRANSACTION);
    }

    @Test
    void aStoppedSubmitterGivesBackWhatItClaimedAhead() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        enqueueHotWallet("t-stop", ledger, 2 * PER_TRANSACTION);
        ClaimLog claims = new ClaimLog();
        CountDownLatch ordered = new CountDownLatch(1);
        CommandLedger slowCommit = new DelegatingLedger(ledger) {
            @Override
            public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException {
                PendingCommit commit = super.submit(command, transactionBytes);
                return () -> {
                    try {
                        ordered.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return commit.awaitCommit();
                };
            }
        };

        Submitter submitter = new Submitter(db.dataSource(), slowCommit, oneWorker("t-stop"), claims);
        submitter.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> claims.claimsWhileInFlight.size() == 2);
        assertThat(db.count("SELECT count(DISTINCT holding_id) FROM outbox_command WHERE tenant_id = 't-stop' AND status = 'PROCESSING'"))
                .as("the commands claimed ahead joined the in-flight envelope's holding").isEqualTo(1);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(submitter::close);
        // The envelope commits only once the stop has begun; before, the worker would go on to the
        // envelope it claimed ahead, as it should while running.
        await().atMost(Duration.ofSeconds(30)).until(() -> !submitter.running());
        ordered.countDown();
        stopped.get(60, TimeUnit.SECONDS);

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-stop' AND status = 'COMMITTED'")).isEqualTo(PER_TRANSACTION);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-stop' AND status = 'PENDING' AND attempts = 0 "
                + "AND holding_id IS NULL AND locked_by IS NULL")).isEqualTo(PER_TRANSACTION);
        assertThat(db.count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-stop'")).isZero();
    }

    @Test
    void aClaimAheadOrLingerIntoAHoldingSweptMeanwhileClaimsNothing() throws Exception {
        InMemoryLedger ledger = new InMemoryLedger();
        enqueueHotWallet("t-swept", ledger, 2);
        CommandClaims claims = new CommandClaims(db.dataSource());
        CommandClaims.Claim first = claims.claim("t-swept", "w1", 1, PER_TRANSACTION, null, Duration.ofMinutes(1));
        assertThat(first.commands()).hasSize(1);
        // The projector confirmed the holding's only command and another process's sweep deleted the holding.
        db.execute("UPDATE outbox_command SET status = 'CONFIRMED', locked_by = NULL, lease_expires_at = NULL WHERE id = "
                + first.commands().get(0).id());
        db.execute("WITH swept AS (DELETE FROM outbox_holding WHERE id = " + first.holding() + " RETURNING id) "
                + "DELETE FROM outbox_wallet_lock WHERE holding_id IN (SELECT id FROM swept)");

        CommandClaims.Claim ahead = claims.claimAhead("t-swept", "w1", PER_TRANSACTION, PER_TRANSACTION, first.holding(), Duration.ofMinutes(1));
        CommandClaims.Claim lingered = claims.claim("t-swept", "w1", PER_TRANSACTION, PER_TRANSACTION, first.holding(), Duration.ofMinutes(1));

        assertThat(ahead.commands()).isEmpty();
        assertThat(lingered.commands()).isEmpty();
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-swept' AND status = 'PENDING' AND holding_id IS NULL"))
                .isEqualTo(1);
        // No lock was added to the deleted holding: such a lock would hold its wallet for good.
        assertThat(db.count("SELECT count(*) FROM outbox_wallet_lock WHERE tenant_id = 't-swept'")).isZero();
    }

    /** The ledger, except that the first transaction submitted fails MVCC validation instead of committing. */
    private static CommandLedger conflictingFirst(InMemoryLedger ledger) {
        AtomicInteger submits = new AtomicInteger();
        return new DelegatingLedger(ledger) {
            @Override
            public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException {
                if (submits.getAndIncrement() == 0) {
                    return () -> {
                        throw new CommitFailedException(TxValidationCode.MVCC_READ_CONFLICT, 1, "conflicted");
                    };
                }
                return super.submit(command, transactionBytes);
            }
        };
    }

    /** Passes everything to the in-memory ledger; tests override what they change. */
    private static class DelegatingLedger implements CommandLedger {
        private final CommandLedger ledger;

        DelegatingLedger(CommandLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
            return ledger.endorse(command);
        }

        @Override
        public PreparedTransaction endorseEnvelope(String envelopeJson) throws LedgerException {
            return ledger.endorseEnvelope(envelopeJson);
        }

        @Override
        public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException {
            return ledger.submit(command, transactionBytes);
        }
    }
}
