package dev.tokenomics.client.outbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a submitter counts, for progress output and benchmarks. The same calls feed its meters
 * ({@link SubmitterMeters}), so the progress line and the metrics never count differently.
 */
public final class SubmitterStats {
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong ledgerWaits = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final SubmitterMeters meters;

    /** Counts without meters. */
    public SubmitterStats() {
        this(SubmitterMeters.none());
    }

    SubmitterStats(SubmitterMeters meters) {
        this.meters = meters;
    }

    void record(BatchOutcome outcome) {
        committed.addAndGet(outcome.committed.size());
        meters.committed(outcome.committed.size());
        for (BatchOutcome.Failed failure : outcome.failed) {
            failed.incrementAndGet();
            meters.failed(failure.errorCode());
        }
        for (BatchOutcome.Retry retry : outcome.retries) {
            SubmitterMeters.RetryKind kind = SubmitterMeters.RetryKind.of(retry);
            retried.incrementAndGet();
            if (kind == SubmitterMeters.RetryKind.MVCC_CONFLICT) {
                conflicts.incrementAndGet();
            } else if (kind == SubmitterMeters.RetryKind.LEDGER_UNAVAILABLE) {
                ledgerWaits.incrementAndGet();
            }
            meters.retried(kind);
        }
    }

    void crashed() {
        crashes.incrementAndGet();
        meters.crashed();
    }

    /** A ledger transaction packed with {@code commands} commands. */
    void packed(int commands) {
        meters.packed(commands);
    }

    /** A stored transaction sent again as the same transaction. */
    void resubmitted() {
        meters.resubmitted();
    }

    public long committed() {
        return committed.get();
    }

    public long failed() {
        return failed.get();
    }

    public long retried() {
        return retried.get();
    }

    public long conflicts() {
        return conflicts.get();
    }

    /** Retries that were waits for an unreachable ledger (included in {@link #retried()}). */
    public long ledgerWaits() {
        return ledgerWaits.get();
    }

    public long crashes() {
        return crashes.get();
    }

    @Override
    public String toString() {
        return "committed=" + committed + " failed=" + failed + " retried=" + retried + " conflicts=" + conflicts + " ledgerWaits=" + ledgerWaits
                + " crashes=" + crashes;
    }
}
