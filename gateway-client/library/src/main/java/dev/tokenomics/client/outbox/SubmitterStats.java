package dev.tokenomics.client.outbox;

import java.util.concurrent.atomic.AtomicLong;

/** Counters for progress output and benchmarks. */
public final class SubmitterStats {
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong ledgerWaits = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();

    void record(BatchOutcome outcome) {
        committed.addAndGet(outcome.committed.size());
        failed.addAndGet(outcome.failed.size());
        retried.addAndGet(outcome.retries.size());
        conflicts.addAndGet(outcome.retries.stream().filter(BatchOutcome.Retry::conflict).count());
        ledgerWaits.addAndGet(outcome.retries.stream().filter(BatchOutcome.Retry::unanswered).count());
    }

    void crashed() {
        crashes.incrementAndGet();
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
