package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's cycle: claim a batch; then, wave by wave (commands that share no wallet), endorse
 * what was never endorsed, store tx ids and bytes (before anything is ordered), submit and read
 * commit statuses; finally write the batch's outcomes. No database
 * transaction is open while Fabric is called. Not thread-safe: one thread per worker.
 */
final class SubmitterWorker {
    private static final Logger log = LoggerFactory.getLogger(SubmitterWorker.class);

    private static final Duration CLAIM_TURN_WAIT = Duration.ofSeconds(1);

    private final String workerId;
    private final SubmitterSettings settings;
    private final CommandClaims claims;
    private final Lock claimTurn;
    private final CommandTransitions transitions;
    private final CommandLedger ledger;
    private final SubmitterHooks hooks;
    private final SubmitterStats stats;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    SubmitterWorker(String workerId, SubmitterSettings settings, CommandClaims claims, Lock claimTurn, CommandTransitions transitions,
                    CommandLedger ledger, SubmitterHooks hooks, SubmitterStats stats) {
        this.workerId = workerId;
        this.settings = settings;
        this.claims = claims;
        this.claimTurn = claimTurn;
        this.transitions = transitions;
        this.ledger = ledger;
        this.hooks = hooks;
        this.stats = stats;
    }

    String id() {
        return workerId;
    }

    /** Ids whose leases the renewer must extend. */
    Set<Long> inFlight() {
        return inFlight;
    }

    /** Runs one cycle; returns the number of commands claimed (0 = nothing due). */
    int runOnce() throws SQLException {
        List<ClaimedCommand> batch = claimInTurn();
        if (batch.isEmpty()) {
            return 0;
        }
        batch.forEach(command -> inFlight.add(command.id()));
        try {
            process(batch);
        } finally {
            inFlight.clear();
        }
        return batch.size();
    }

    /**
     * Claims when no other worker of this process is claiming. A claim takes milliseconds; one that
     * still runs after {@link #CLAIM_TURN_WAIT} is stuck (a dead connection, say) and must not stop
     * the other workers, so they then claim without waiting: SKIP LOCKED keeps that correct.
     */
    private List<ClaimedCommand> claimInTurn() throws SQLException {
        boolean inTurn;
        try {
            inTurn = claimTurn.tryLock(CLAIM_TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        try {
            return claims.claim(settings.tenantId(), workerId, settings.batchSize(), settings.lease());
        } finally {
            if (inTurn) {
                claimTurn.unlock();
            }
        }
    }

    private void process(List<ClaimedCommand> batch) throws SQLException {
        BatchOutcome outcome = new BatchOutcome();
        for (List<ClaimedCommand> wave : WalletWaves.of(batch)) {
            deliver(wave, outcome);
        }
        hooks.beforeStatusUpdate(batch);
        transitions.apply(workerId, outcome);
        stats.record(outcome);
    }

    /** Endorses, stores, submits and awaits the commit of commands that share no wallet. */
    private void deliver(List<ClaimedCommand> wave, BatchOutcome outcome) throws SQLException {
        Map<ClaimedCommand, byte[]> toSubmit = endorseNew(wave, outcome);

        Map<ClaimedCommand, CommandLedger.PendingCommit> pending = new LinkedHashMap<>();
        for (Map.Entry<ClaimedCommand, byte[]> entry : toSubmit.entrySet()) {
            ClaimedCommand command = entry.getKey();
            try {
                pending.put(command, ledger.submit(command, entry.getValue()));
            } catch (LedgerException e) {
                classify(command, e, outcome);
                continue;
            }
            hooks.afterSubmit(command);
        }
        for (Map.Entry<ClaimedCommand, CommandLedger.PendingCommit> entry : pending.entrySet()) {
            ClaimedCommand command = entry.getKey();
            try {
                long block = entry.getValue().awaitCommit();
                outcome.committed.add(new BatchOutcome.Committed(command.id(), block));
            } catch (LedgerException e) {
                classify(command, e, outcome);
            }
        }
    }

    /** Endorses commands never endorsed, then stores tx id + bytes; returns what to submit. */
    private Map<ClaimedCommand, byte[]> endorseNew(List<ClaimedCommand> batch, BatchOutcome outcome) throws SQLException {
        Map<ClaimedCommand, byte[]> toSubmit = new LinkedHashMap<>();
        List<ClaimedCommand> fresh = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> txIds = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (ClaimedCommand command : batch) {
            if (command.endorsedBefore()) {
                log.info("command {} resubmits stored transaction {} (attempt {})", command.id(), command.transactionId(), command.attempts());
                toSubmit.put(command, command.transactionBytes());
                continue;
            }
            try {
                PreparedTransaction prepared = ledger.endorse(command);
                fresh.add(command);
                ids.add(command.id());
                txIds.add(prepared.transactionId());
                bytes.add(prepared.bytes());
            } catch (LedgerException e) {
                classify(command, e, outcome);
            }
        }
        Set<Long> owned = transitions.recordEndorsed(workerId, ids, txIds, bytes);
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

    private void classify(ClaimedCommand command, LedgerException e, BatchOutcome outcome) {
        RetryPolicy retry = settings.retry();
        if (e instanceof ChaincodeRejectedException rejected) {
            log.info("command {} rejected by chaincode: {} (tx {})", command.id(), rejected.getMessage(), e.transactionId());
            outcome.failed.add(new BatchOutcome.Failed(command.id(), rejected.code().name(), null, rejected.detail()));
        } else if (e instanceof CommitFailedException failed && (failed.isConflict() || failed.code() == TxValidationCode.DUPLICATE_TXID)) {
            // A conflict means the read set went stale: only a NEW endorsement can succeed. The
            // chaincode idempotency key makes it harmless even if an earlier copy did apply.
            boolean exhausted = failed.isConflict()
                    ? retry.conflictsExhausted(command.conflicts() + 1)
                    : retry.exhausted(command.attempts(), command.conflicts());
            if (exhausted) {
                outcome.failed.add(new BatchOutcome.Failed(command.id(), "RETRIES_EXHAUSTED", failed.code().name(), e.getMessage()));
            } else {
                log.debug("command {} tx {} {}; re-endorsing", command.id(), e.transactionId(), failed.code());
                outcome.retries.add(new BatchOutcome.Retry(command.id(), retry.delayMillis(command.attempts()), true, failed.isConflict(), e.getMessage()));
            }
        } else if (e instanceof CommitFailedException failed) {
            log.warn("command {} tx {} invalid: {}", command.id(), e.transactionId(), failed.code());
            outcome.failed.add(new BatchOutcome.Failed(command.id(), failed.code().name(), failed.code().name(), e.getMessage()));
        } else if (retry.exhausted(command.attempts(), command.conflicts())) {
            log.warn("command {} gives up after {} attempts: {}", command.id(), command.attempts(), e.getMessage());
            outcome.failed.add(new BatchOutcome.Failed(command.id(), "RETRIES_EXHAUSTED", null, e.getMessage()));
        } else {
            // Outcome unknown (timeout, peer unreachable): keep the stored transaction and ask again later.
            log.info("command {} tx {} transient failure, will retry: {}", command.id(), e.transactionId(), e.getMessage());
            outcome.retries.add(new BatchOutcome.Retry(command.id(), retry.delayMillis(command.attempts()), false, false, e.getMessage()));
        }
    }
}
