package dev.tokenomics.client.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One poll of an idle outbox per poll interval per process, whichever idle worker makes it. A
 * claim that finds nothing costs a walk of the due range; with every idle worker polling on its
 * own, the claim turn was busy with empty polls most of the time, and the one worker that had
 * work (a hot wallet's next envelope) queued behind them after each of its transactions. Busy
 * workers are never held back: only a worker whose last claim was empty asks here.
 */
final class IdlePolls {
    private final long intervalNanos;
    private final AtomicLong nextPollAt;

    IdlePolls(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextPollAt = new AtomicLong(System.nanoTime());
    }

    /** True if the caller is the idle worker to poll now (and the next poll is an interval away). */
    boolean tryStart() {
        long now = System.nanoTime();
        long next = nextPollAt.get();
        return now - next >= 0 && nextPollAt.compareAndSet(next, now + intervalNanos);
    }

    /** A claim found nothing due: no idle worker polls again before an interval has passed. */
    void polledEmpty() {
        long next = System.nanoTime() + intervalNanos;
        nextPollAt.accumulateAndGet(next, (current, candidate) -> candidate - current > 0 ? candidate : current);
    }

    /** A poll found a full claim: more is likely due, so the next idle worker need not wait. */
    void foundWork() {
        nextPollAt.set(System.nanoTime());
    }

    /** How long until the next poll is due (0 if it is). */
    long nanosUntilNext() {
        return Math.max(0, nextPollAt.get() - System.nanoTime());
    }
}
