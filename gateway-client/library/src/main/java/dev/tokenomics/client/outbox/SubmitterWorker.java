package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.ChaincodeFailedException;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.UnreadableTransactionException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's cycle: claim a batch (its wallets held by its holding; see {@link CommandClaims}),
 * linger for more if it could fill more of a transaction, pack it into ledger transactions (single
 * commands, ApplyCommands envelopes: {@link LedgerTransaction}); then, wave by wave (transactions
 * that share no wallet), endorse what was never endorsed, store tx ids and bytes (before anything is
 * ordered), submit and read commit statuses; finally write the batch's outcomes, which releases
 * the holding once none of its commands is in flight. No database transaction is open while
 * Fabric is called. Not thread-safe: one thread per worker.
 *
 * <p>What ends a command and what makes it wait is decided here, per command, so one command
 * never decides another's fate: a row that is not a valid command fails INVALID_COMMAND; a
 * chaincode answer, or a validation code other than a conflict, fails it with that code; when the
 * ledger does not answer, the command waits (see {@link RetryPolicy}) and so do the batch's
 * commands not yet tried, since the next call would meet the same outage.
 */
final class SubmitterWorker {
    private static final Logger log = LoggerFactory.getLogger(SubmitterWorker.class);

    private static final Duration CLAIM_TURN_WAIT = Duration.ofSeconds(1);
    /*
     * A holding kept by claims ahead is not released between batches, so the commands of other keys
     * waiting for one of its wallets (a hot wallet's destination sending on its own) would wait as
     * long as its backlog lasts. After this many batches in a row the holding is let go at the end of
     * the cycle and other claimers get their turn; it costs one claim and one outcome write per
     * that many batches.
     */
    static final int MAX_CLAIMS_AHEAD_IN_A_ROW = 4;
    /*
     * A worker whose last claim was blocked first asks whether a claim could take anything
     * (CommandClaims#mayClaim), which is far cheaper than the claim's walk of the queue behind the
     * held wallets. After this many no's in a row it claims anyway, so a probe that ever answered
     * wrong would delay commands by a few polls, never stall them.
     */
    static final int MAX_BLOCKED_POLLS_SKIPPED = 4;

    private final String workerId;
    private final SubmitterSettings settings;
    private final CommandClaims claims;
    private final Lock claimTurn;
    private final CommandTransitions transitions;
    private final CommandLedger ledger;
    private final LedgerOutage outage;
    private final SubmitterHooks hooks;
    private final SubmitterStats stats;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** A claim failed after it may have committed: rows locked by this worker may exist that it does not know of. */
    private boolean claimOutcomeUnknown;
    /**
     * Commands claimed into the batch's holding while its last transactions were being ordered, and
     * when: the next batch, unless the batch left commands to retry, which go first (see {@link #process}).
     */
    private CommandClaims.Claim ahead;
    private long aheadClaimedAtNanos;
    /** Batches claimed ahead in a row into the current holding. */
    private int claimsAheadInARow;
    private boolean blocked;
    /** Polls in a row skipped because the last claim was blocked and the probe saw nothing to take. */
    private int blockedPollsSkipped;
    /** Writes a batch's outcomes while the batch claimed ahead is endorsed. */
    private final OutcomeWriter outcomes;

    SubmitterWorker(String workerId, SubmitterSettings settings, CommandClaims claims, Lock claimTurn, CommandTransitions transitions,
                    CommandLedger ledger, LedgerOutage outage, SubmitterHooks hooks, SubmitterStats stats) {
        this.workerId = workerId;
        this.settings = settings;
        this.claims = claims;
        this.claimTurn = claimTurn;
        this.transitions = transitions;
        this.ledger = ledger;
        this.outage = outage;
        this.hooks = hooks;
        this.stats = stats;
        this.outcomes = new OutcomeWriter(workerId);
    }

    String id() {
        return workerId;
    }

    /** Ids whose leases the renewer must extend. */
    Set<Long> inFlight() {
        return inFlight;
    }

    /**
     * On a clean stop: waits for the outcomes being written, and gives back the commands claimed
     * ahead, so they do not wait for their leases to expire.
     */
    void stop() {
        try {
            outcomes.await();
        } catch (SQLException | RuntimeException e) {
            log.warn("worker {}: the outcomes of its last batch were not written; its commands are taken over when their leases "
                    + "expire: {}", workerId, e.getMessage());
        }
        outcomes.shutdown();
        if (ahead == null) {
            return;
        }
        List<Long> ids = ahead.commands().stream().map(ClaimedCommand::id).toList();
        ahead = null;
        try {
            transitions.unclaim(workerId, ids);
        } catch (SQLException e) {
            log.warn("worker {}: could not give back {} commands claimed ahead; they are taken over when their leases expire: {}",
                    workerId, ids.size(), e.getMessage());
        }
        inFlight.clear();
    }

    /** Whether the last cycle claimed nothing because every due command waits for wallets other holdings hold. */
    boolean blocked() {
        return blocked;
    }

    /** Runs one cycle; returns the number of commands claimed (0 = nothing due). */
    int runOnce() throws SQLException {
        boolean claimedAhead = ahead != null;
        claimsAheadInARow = claimedAhead ? claimsAheadInARow + 1 : 0;
        if (!claimedAhead) {
            outcomes.await();
            if (stillBlocked()) {
                return 0;
            }
        }
        CommandClaims.Claim claim = claimedAhead ? ahead : claimInTurn(null, settings.claimLimit());
        long claimedAt = claimedAhead ? aheadClaimedAtNanos : System.nanoTime();
        ahead = null;
        List<ClaimedCommand> batch = claim.commands();
        blocked = claim.blocked();
        if (batch.isEmpty()) {
            return 0;
        }
        batch.forEach(command -> inFlight.add(command.id()));
        Delivery delivery = new Delivery(claimedAt, claim.holding());
        boolean delivered = false;
        try {
            if (!claimedAhead) {
                hooks.afterClaim(batch);
            }
            claim = lingered(claim);
            batch = claim.commands();
            process(claim, delivery);
            delivered = true;
        } finally {
            inFlight.clear();
            if (!delivered) {
                // The batch's outcomes may not be written: its retries could come after the commands
                // claimed ahead of them. Those are left to expire with the batch and be taken over
                // with it, as one holding.
                ahead = null;
            }
            if (ahead != null) {
                ahead.commands().forEach(command -> inFlight.add(command.id()));
            }
        }
        if (delivery.outageDelayMillis > 0) {
            // Its commands are not due before then, and the next claim would meet the same outage.
            parkMillis(delivery.outageDelayMillis);
        }
        return batch.size();
    }

    /** Whether this poll is skipped: the last claim was blocked and nothing has become claimable since. */
    private boolean stillBlocked() throws SQLException {
        if (!blocked || blockedPollsSkipped >= MAX_BLOCKED_POLLS_SKIPPED || claims.sweepIfDue(settings.tenantId()) > 0
                || claims.mayClaim(settings.tenantId())) {
            blockedPollsSkipped = 0;
            return false;
        }
        blockedPollsSkipped++;
        return true;
    }

    /**
     * A claim that could fill more of a transaction waits up to the linger for commands to become
     * due, then claims once more into the same holding (so a key's next commands, whose wallets it
     * already holds, can join). Under load a claim is full and never waits; a lone command waits at
     * most the linger.
     */
    private CommandClaims.Claim lingered(CommandClaims.Claim claim) throws SQLException {
        List<ClaimedCommand> batch = claim.commands();
        int room = settings.claimLimit() - batch.size();
        long fresh = batch.stream().filter(command -> !command.endorsedBefore()).count();
        if (settings.maxCommandsPerTransaction() == 1 || settings.linger().isZero() || claim.holding() == null
                || fresh >= settings.maxCommandsPerTransaction() || room <= 0) {
            return claim;
        }
        parkMillis(settings.linger().toMillis());
        CommandClaims.Claim more = claimInTurn(claim.holding(), room);
        more.commands().forEach(command -> inFlight.add(command.id()));
        return claim.and(more);
    }

    /**
     * Claims when no other worker of this process is claiming. A claim takes milliseconds; one that
     * still runs after {@link #CLAIM_TURN_WAIT} is stuck (a dead connection, say) and must not stop
     * the other workers, so they then claim without waiting: SKIP LOCKED keeps that correct. The
     * claim itself takes the tenant's turn across processes in the database (CommandClaims.TURN);
     * taking turns here first keeps this process's waiting workers from holding connections for it.
     */
    private CommandClaims.Claim claimInTurn(Long extending, int limit) throws SQLException {
        return inTurn(() -> claims.claim(settings.tenantId(), workerId, limit, settings.maxCommandsPerTransaction(), extending, settings.lease()));
    }

    private CommandClaims.Claim claimAheadInTurn(long holding) throws SQLException {
        return inTurn(() -> claims.claimAhead(settings.tenantId(), workerId, settings.claimLimit(), settings.maxCommandsPerTransaction(),
                holding, settings.lease()));
    }

    private CommandClaims.Claim inTurn(Statement<CommandClaims.Claim> claim) throws SQLException {
        boolean inTurn;
        try {
            inTurn = claimTurn.tryLock(CLAIM_TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandClaims.Claim.NONE;
        }
        try {
            if (claimOutcomeUnknown) {
                int orphans = claims.expireOrphans(workerId);
                claimOutcomeUnknown = false;
                if (orphans > 0) {
                    log.warn("worker {}: {} command(s) of a claim whose reply was lost are released for takeover", workerId, orphans);
                }
            }
            try {
                return claim.run();
            } catch (SQLException e) {
                // The claim may have committed before the failure reached us.
                claimOutcomeUnknown = true;
                throw e;
            }
        } finally {
            if (inTurn) {
                claimTurn.unlock();
            }
        }
    }

    /** A batch on its way: its outcomes, and the outage that stopped it, if one did. */
    private final class Delivery {
        final BatchOutcome outcome = new BatchOutcome();
        final long claimedAtNanos;
        /** The holding of the batch's wallets, or null if it needed none. */
        final Long holding;
        /** The batch's last wave is being delivered: what is claimed now follows all of the batch. */
        boolean lastWave;
        String outageCause;
        long outageDelayMillis;

        Delivery(long claimedAtNanos, Long holding) {
            this.claimedAtNanos = claimedAtNanos;
            this.holding = holding;
        }

        boolean ledgerDown() {
            return outageCause != null;
        }

        void ledgerAnswered() {
            outage.answered();
        }

        void ledgerDidNotAnswer(String cause) {
            if (outageCause == null) {
                outageCause = cause;
                outageDelayMillis = outage.unavailable(cause);
            }
        }
    }

    /**
     * Delivers the batch wave by wave. A wave that leaves commands to retry stops the waves after it
     * (they wait, their attempt not counted): a later wave may hold younger commands of the same
     * wallets, which must not overtake them. For the same reason commands claimed ahead are given
     * back, in the transaction that writes the batch's outcomes, if any command is to be retried.
     */
    private void process(CommandClaims.Claim claim, Delivery delivery) throws SQLException {
        List<ClaimedCommand> batch = claim.commands();
        List<LedgerTransaction> transactions = LedgerTransaction.pack(batch, claim.planned(), settings.maxCommandsPerTransaction());
        transactions.forEach(transaction -> stats.packed(transaction.commands().size()));
        List<List<LedgerTransaction>> waves = WalletWaves.of(transactions, LedgerTransaction::wallets);
        for (int index = 0; index < waves.size(); index++) {
            List<LedgerTransaction> wave = waves.get(index);
            if (!delivery.outcome.retries.isEmpty() && !delivery.ledgerDown()) {
                wave.forEach(transaction -> transaction.commands().forEach(command -> waitForOlder(command, delivery)));
                continue;
            }
            delivery.lastWave = index == waves.size() - 1;
            List<ClaimedCommand> singles = new ArrayList<>();
            List<LedgerTransaction> envelopes = new ArrayList<>();
            for (LedgerTransaction transaction : wave) {
                if (transaction.envelope()) {
                    envelopes.add(transaction);
                } else {
                    singles.add(transaction.commands().get(0));
                }
            }
            deliver(singles, delivery);
            deliverEnvelopes(envelopes, delivery);
        }
        hooks.beforeStatusUpdate(batch);
        // Counted before the outcomes go to the writer thread, which owns them from then on (it sorts them).
        stats.record(delivery.outcome);
        // The batch before's outcomes first: this batch's may release the holding, which must see them.
        outcomes.await();
        if (ahead != null && delivery.outcome.retries.isEmpty()) {
            // Nothing to retry and the next batch claimed: it is endorsed while these are written.
            Set<Long> holdings = holdingsOf(batch);
            outcomes.start(() -> whileLeaseLasts(delivery, () -> transitions.apply(workerId, delivery.outcome, List.of(), holdings)));
        } else {
            List<ClaimedCommand> aheadCommands = ahead == null ? List.of() : ahead.commands();
            List<Long> unclaimed = aheadCommands.stream().map(ClaimedCommand::id).toList();
            Set<Long> holdings = holdingsOf(batch);
            holdings.addAll(holdingsOf(aheadCommands));
            whileLeaseLasts(delivery, () -> transitions.apply(workerId, delivery.outcome, unclaimed, holdings));
            ahead = null;
        }
    }

    /** The holdings the commands are in, as their claims returned them. */
    private static Set<Long> holdingsOf(List<ClaimedCommand> commands) {
        Set<Long> holdings = new TreeSet<>();
        commands.forEach(command -> {
            if (command.holdingId() != null) {
                holdings.add(command.holdingId());
            }
        });
        return holdings;
    }

    /** Endorses, stores, submits and awaits the commit of commands that share no wallet. */
    private void deliver(List<ClaimedCommand> wave, Delivery delivery) throws SQLException {
        Map<ClaimedCommand, byte[]> toSubmit = endorseNew(wave, delivery);

        Map<ClaimedCommand, CommandLedger.PendingCommit> pending = new LinkedHashMap<>();
        for (Map.Entry<ClaimedCommand, byte[]> entry : toSubmit.entrySet()) {
            ClaimedCommand command = entry.getKey();
            if (delivery.ledgerDown()) {
                waitForLedger(command, true, delivery);
                continue;
            }
            try {
                pending.put(command, ledger.submit(command, entry.getValue()));
            } catch (LedgerException e) {
                classify(command, e, true, delivery);
                continue;
            } catch (RuntimeException e) {
                unexpected(command, e, delivery);
                continue;
            }
            hooks.afterSubmit(command);
        }
        for (Map.Entry<ClaimedCommand, CommandLedger.PendingCommit> entry : pending.entrySet()) {
            ClaimedCommand command = entry.getKey();
            if (delivery.ledgerDown()) {
                waitForLedger(command, true, delivery);
                continue;
            }
            try {
                long block = entry.getValue().awaitCommit();
                delivery.ledgerAnswered();
                delivery.outcome.committed.add(new BatchOutcome.Committed(command.id(), block));
            } catch (LedgerException e) {
                classify(command, e, true, delivery);
            } catch (RuntimeException e) {
                unexpected(command, e, delivery);
            }
        }
    }

    /** An envelope on its way: the bytes to submit and the endorsement's result to read outcomes from once VALID. */
    private record Sendable(LedgerTransaction transaction, byte[] bytes, String result) {
    }

    /**
     * Endorses envelopes never endorsed and stores each once, then submits them and reads their
     * commit statuses; envelopes of one wave share no wallet. A VALID envelope gives each command its
     * own outcome from the result (APPLIED or REPLAYED: COMMITTED; REJECTED: FAILED with its code,
     * definitive because the transaction is VALID). Anything that invalidates or stops the envelope
     * (a conflict, an outage, a duplicate) is decided per command exactly as for a single
     * transaction, so the whole envelope is retried with the same keys, each command counting its
     * own conflicts and attempts.
     */
    private void deliverEnvelopes(List<LedgerTransaction> envelopes, Delivery delivery) throws SQLException {
        List<Sendable> sendable = new ArrayList<>();
        for (LedgerTransaction envelope : envelopes) {
            Sendable ready = envelope.fresh() == null ? stored(envelope) : endorseAndStore(envelope, delivery);
            if (ready != null) {
                sendable.add(ready);
            }
        }
        Map<Sendable, CommandLedger.PendingCommit> pending = new LinkedHashMap<>();
        for (Sendable envelope : sendable) {
            List<ClaimedCommand> commands = envelope.transaction().commands();
            if (delivery.ledgerDown()) {
                commands.forEach(command -> waitForLedger(command, true, delivery));
                continue;
            }
            try {
                pending.put(envelope, ledger.submit(commands.get(0), envelope.bytes()));
            } catch (LedgerException e) {
                commands.forEach(command -> classify(command, e, true, delivery));
                continue;
            } catch (RuntimeException e) {
                commands.forEach(command -> unexpected(command, e, delivery));
                continue;
            }
            commands.forEach(hooks::afterSubmit);
        }
        if (!pending.isEmpty()) {
            claimAhead(delivery);
        }
        for (Map.Entry<Sendable, CommandLedger.PendingCommit> entry : pending.entrySet()) {
            LedgerTransaction envelope = entry.getKey().transaction();
            if (delivery.ledgerDown()) {
                envelope.commands().forEach(command -> waitForLedger(command, true, delivery));
                continue;
            }
            try {
                long block = entry.getValue().awaitCommit();
                delivery.ledgerAnswered();
                outcomes(envelope, EnvelopeResult.parse(entry.getKey().result()), block, delivery.outcome);
            } catch (LedgerException e) {
                envelope.commands().forEach(command -> classify(command, e, true, delivery));
            } catch (RuntimeException e) {
                envelope.commands().forEach(command -> unexpected(command, e, delivery));
            }
        }
    }

    /**
     * While the batch's last envelopes are being ordered, claims the next batch into its holding (a
     * hot wallet's next commands): the next cycle then starts endorsing as soon as these commit,
     * instead of first waiting for the outcomes to be written and a new claim. A failed claim costs
     * only the head start.
     */
    private void claimAhead(Delivery delivery) {
        if (!delivery.lastWave || delivery.holding == null || delivery.ledgerDown() || !delivery.outcome.retries.isEmpty()
                || settings.maxCommandsPerTransaction() == 1 || claimsAheadInARow >= MAX_CLAIMS_AHEAD_IN_A_ROW) {
            return;
        }
        CommandClaims.Claim next;
        try {
            next = claimAheadInTurn(delivery.holding);
        } catch (SQLException e) {
            log.debug("worker {}: claim ahead failed: {}", workerId, e.getMessage());
            return;
        }
        if (next.commands().isEmpty()) {
            return;
        }
        next.commands().forEach(command -> inFlight.add(command.id()));
        ahead = next;
        aheadClaimedAtNanos = System.nanoTime();
        hooks.afterClaim(next.commands());
    }

    /** A command of a wave after one that left commands to retry: it waits for them, its attempt not counted. */
    private static void waitForOlder(ClaimedCommand command, Delivery delivery) {
        delivery.outcome.retries.add(new BatchOutcome.Retry(command.id(), 0, false, false, true, true,
                "waiting for an older command of its wallets to be retried first"));
    }

    private Sendable stored(LedgerTransaction envelope) {
        ClaimedCommand first = envelope.commands().get(0);
        stats.resubmitted();
        log.info("commands {} resubmit stored envelope {} (attempt {})", envelope.commands().stream().map(ClaimedCommand::id).toList(),
                first.transactionId(), first.attempts());
        return new Sendable(envelope, first.transactionBytes(), first.envelope().result());
    }

    /** Endorses a new envelope and stores it before anything of it is ordered; null if it is not to be submitted. */
    private Sendable endorseAndStore(LedgerTransaction envelope, Delivery delivery) throws SQLException {
        List<ClaimedCommand> commands = envelope.commands();
        if (delivery.ledgerDown()) {
            commands.forEach(command -> waitForLedger(command, false, delivery));
            return null;
        }
        PreparedTransaction prepared;
        try {
            prepared = ledger.endorseEnvelope(envelope.fresh().json());
            delivery.ledgerAnswered();
        } catch (ChaincodeRejectedException | ChaincodeFailedException e) {
            // The chaincode refused the envelope as a whole, which only a client that does not match
            // it can cause (each command's own answer comes in the result): not an answer about any
            // command, so each counts an attempt and tries again.
            delivery.ledgerAnswered();
            log.warn("envelope of {} commands refused as a whole: {}", commands.size(), e.getMessage());
            commands.forEach(command -> countedRetry(command, true, "envelope refused as a whole: " + e.getMessage(), delivery));
            return null;
        } catch (LedgerException e) {
            commands.forEach(command -> classify(command, e, false, delivery));
            return null;
        } catch (RuntimeException e) {
            commands.forEach(command -> unexpected(command, e, delivery));
            return null;
        }
        hooks.afterEnvelopeEndorsed(commands);
        List<Long> ids = commands.stream().map(ClaimedCommand::id).toList();
        Set<Long> owned = whileLeaseLasts(delivery, () -> transitions.recordEnvelope(workerId, settings.tenantId(), ids, prepared));
        if (owned.size() < ids.size()) {
            // Lease lost on part of it while endorsing: this envelope is never ordered. The commands
            // still held go back to be packed again (a new endorsement, the same keys).
            log.warn("envelope {}: {} of its {} commands no longer held by {}; dropping it", prepared.transactionId(),
                    ids.size() - owned.size(), ids.size(), workerId);
            commands.stream().filter(command -> owned.contains(command.id()))
                    .forEach(command -> countedRetry(command, true, "lease lost on part of its envelope", delivery));
            return null;
        }
        hooks.afterEnvelopeStored(commands);
        return new Sendable(envelope, prepared.bytes(), prepared.result());
    }

    /** Each command's own outcome in a VALID envelope. */
    private static void outcomes(LedgerTransaction envelope, EnvelopeResult result, long block, BatchOutcome outcome) {
        List<ClaimedCommand> commands = envelope.commands();
        for (int i = 0; i < commands.size(); i++) {
            ClaimedCommand command = commands.get(i);
            EnvelopeResult.Outcome own = result.at(envelope.positionAt(i));
            if (own.rejected()) {
                log.info("command {} rejected in envelope: {}: {}", command.id(), own.code(), own.message());
                outcome.failed.add(new BatchOutcome.Failed(command.id(), own.code(), null, own.message()));
            } else {
                outcome.committed.add(new BatchOutcome.Committed(command.id(), block));
            }
        }
    }

    /** Endorses commands never endorsed, then stores tx id + bytes; returns what to submit. */
    private Map<ClaimedCommand, byte[]> endorseNew(List<ClaimedCommand> batch, Delivery delivery) throws SQLException {
        Map<ClaimedCommand, byte[]> toSubmit = new LinkedHashMap<>();
        List<ClaimedCommand> fresh = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> txIds = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (ClaimedCommand command : batch) {
            if (command.endorsedBefore()) {
                log.info("command {} resubmits stored transaction {} (attempt {})", command.id(), command.transactionId(), command.attempts());
                stats.resubmitted();
                toSubmit.put(command, command.transactionBytes());
                continue;
            }
            if (delivery.ledgerDown()) {
                waitForLedger(command, false, delivery);
                continue;
            }
            try {
                PreparedTransaction prepared = ledger.endorse(command);
                delivery.ledgerAnswered();
                fresh.add(command);
                ids.add(command.id());
                txIds.add(prepared.transactionId());
                bytes.add(prepared.bytes());
            } catch (InvalidCommandException e) {
                // Stored by plain SQL (or before V9) as something the outbox refuses at enqueue.
                log.warn("command {} is not a valid command, failing it: {}", command.id(), e.getMessage());
                delivery.outcome.failed.add(new BatchOutcome.Failed(command.id(), "INVALID_COMMAND", null, e.getMessage()));
            } catch (LedgerException e) {
                classify(command, e, false, delivery);
            } catch (RuntimeException e) {
                unexpected(command, e, delivery);
            }
        }
        Set<Long> owned = whileLeaseLasts(delivery, () -> transitions.recordEndorsed(workerId, ids, txIds, bytes));
        for (int i = 0; i < fresh.size(); i++) {
            ClaimedCommand command = fresh.get(i);
            if (owned.contains(command.id())) {
                toSubmit.put(command, bytes.get(i));
            } else {
                // Lease lost while endorsing: the new owner decides; this endorsement is never ordered.
                log.warn("command {} no longer held by {}; dropping endorsed transaction {}", command.id(), workerId, txIds.get(i));
            }
        }
        return toSubmit;
    }

    /** {@code sent}: the command's transaction may have been submitted (it holds one, stored before submitting). */
    private void classify(ClaimedCommand command, LedgerException e, boolean sent, Delivery delivery) {
        RetryPolicy retry = settings.retry();
        BatchOutcome outcome = delivery.outcome;
        if (e instanceof ChaincodeRejectedException rejected) {
            delivery.ledgerAnswered();
            log.info("command {} rejected by chaincode: {} (tx {})", command.id(), rejected.getMessage(), e.transactionId());
            outcome.failed.add(new BatchOutcome.Failed(command.id(), rejected.code().name(), null, rejected.detail()));
        } else if (e instanceof ChaincodeFailedException failed) {
            delivery.ledgerAnswered();
            log.warn("command {} failed by chaincode without a business code: {}", command.id(), failed.chaincodeMessage());
            outcome.failed.add(new BatchOutcome.Failed(command.id(), "CHAINCODE_ERROR", null, e.getMessage()));
        } else if (e instanceof CommitFailedException failed && (failed.isConflict() || failed.code() == TxValidationCode.DUPLICATE_TXID)) {
            delivery.ledgerAnswered();
            // A conflict means the read set went stale: only a NEW endorsement can succeed. The
            // chaincode idempotency key makes it harmless even if an earlier copy did apply.
            boolean exhausted = failed.isConflict()
                    ? retry.conflictsExhausted(command.conflicts() + 1)
                    : retry.exhausted(command.attempts(), command.conflicts());
            if (exhausted) {
                outcome.failed.add(new BatchOutcome.Failed(command.id(), "RETRIES_EXHAUSTED", failed.code().name(), e.getMessage()));
            } else {
                log.debug("command {} tx {} {}; re-endorsing", command.id(), e.transactionId(), failed.code());
                outcome.retries.add(new BatchOutcome.Retry(command.id(), retry.delayMillis(command.attempts()), true, failed.isConflict(),
                        false, e.getMessage()));
            }
        } else if (e instanceof CommitFailedException failed) {
            delivery.ledgerAnswered();
            log.warn("command {} tx {} invalid: {}", command.id(), e.transactionId(), failed.code());
            outcome.failed.add(new BatchOutcome.Failed(command.id(), failed.code().name(), failed.code().name(), e.getMessage()));
        } else if (e instanceof UnreadableTransactionException) {
            // Nothing can be sent from these bytes; a new endorsement carries the same idempotency key.
            countedRetry(command, true, e.getMessage(), delivery);
        } else {
            // The ledger did not answer (LedgerUnavailableException): nothing was decided.
            delivery.ledgerDidNotAnswer(e.getMessage());
            waitForLedger(command, sent, delivery);
        }
    }

    /**
     * The ledger is not answering: back to PENDING until the outage backoff has passed, its claim
     * given back, a stored transaction kept (to be asked about again). Only a command never sent
     * can expire, and only past the configured deadline.
     */
    private void waitForLedger(ClaimedCommand command, boolean sent, Delivery delivery) {
        RetryPolicy retry = settings.retry();
        if (!sent && retry.expired(command.age())) {
            log.warn("command {} expired after {} without reaching the ledger: {}", command.id(), command.age(), delivery.outageCause);
            delivery.outcome.failed.add(new BatchOutcome.Failed(command.id(), "EXPIRED", null, "not delivered within "
                    + retry.expireAfter() + " (expire-after); it never reached the ledger. Last cause: " + delivery.outageCause));
            return;
        }
        String detail = (sent ? "waiting for the ledger to answer about its transaction (outcome unknown, asked again with the same "
                + "transaction): " : "waiting for the ledger (nothing sent): ") + delivery.outageCause;
        delivery.outcome.retries.add(new BatchOutcome.Retry(command.id(), delivery.outageDelayMillis, false, false, true, detail));
    }

    /**
     * Not a ledger answer and not an outage either (a bug, a broken dependency): the attempt counts,
     * so a command that keeps breaking its submitter ends RETRIES_EXHAUSTED instead of looping.
     * The rest of the batch carries on.
     */
    private void unexpected(ClaimedCommand command, RuntimeException e, Delivery delivery) {
        log.warn("command {}: unexpected error while delivering it (attempt {})", command.id(), command.attempts(), e);
        countedRetry(command, false, "unexpected error: " + e, delivery);
    }

    private void countedRetry(ClaimedCommand command, boolean discardTransaction, String detail, Delivery delivery) {
        RetryPolicy retry = settings.retry();
        if (retry.exhausted(command.attempts(), command.conflicts())) {
            log.warn("command {} gives up after {} attempts: {}", command.id(), command.attempts(), detail);
            delivery.outcome.failed.add(new BatchOutcome.Failed(command.id(), "RETRIES_EXHAUSTED", null, detail));
        } else {
            delivery.outcome.retries.add(new BatchOutcome.Retry(command.id(), retry.delayMillis(command.attempts()), discardTransaction,
                    false, false, detail));
        }
    }

    /** A statement of this batch's own commands. */
    private interface Statement<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a statement about the batch, again while the database is unreachable, for as long as the
     * batch's lease can last: what the ledger answered must not be thrown away by a database blip
     * (the commands would sit PROCESSING until their leases expire). Every statement is conditioned
     * on this worker still holding the rows, so running it twice, or after a takeover, is harmless.
     */
    private <T> T whileLeaseLasts(Delivery delivery, Statement<T> statement) throws SQLException {
        for (int failures = 1; ; failures++) {
            try {
                return statement.run();
            } catch (SQLException e) {
                boolean leaseOver = System.nanoTime() - delivery.claimedAtNanos >= settings.lease().toNanos();
                if (!DatabaseOutages.isOutage(e) || leaseOver || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (failures == 1) {
                    log.warn("worker {}: database unavailable while holding {} commands; retrying until it answers: {}", workerId,
                            inFlight.size(), e.getMessage());
                }
                parkMillis(settings.retry().delayMillis(failures));
            }
        }
    }

    /** Parks the whole delay (parkNanos may return early); returns early only when interrupted. */
    static void parkMillis(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = deadline - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted();
             left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
