package dev.tokenomics.client.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a process's idle workers poll the outbox. A claim that finds nothing costs a walk of the due
 * range (all of it when every queued command waits behind a wallet another transaction holds);
 * with every idle worker polling on its own, the claim turn was busy with empty polls and the one
 * worker that had work queued behind them. So: one poll per interval per process, whichever idle
 * worker makes it; busy workers are never held back (only a worker whose last claim was empty asks
 * here). While an {@link OutboxListener} hears enqueues, a quiet outbox is polled ever less often,
 * up to {@link #MAX_QUIET_INTERVAL}, and an enqueue wakes the idle workers at once.
 *
 * <p>An enqueue heard while a claim runs may be one that claim's snapshot missed: that claim's
 * "found nothing" then must not push the next poll back over the wake-up, or the command waits
 * out a quiet interval (up to {@link #MAX_QUIET_INTERVAL}) for nothing. So a poll takes a
 * {@link #ticket} before it claims, and {@link #polledEmpty(long)} backs off only if no work was
 * announced since.
 *
 * <p>A claim that found nothing because every due command waits for a wallet another holding holds
 * (another process is working through a burst) is {@link #polledBlocked blocked}: enqueues then
 * mostly add to that backlog, and each one heard would cost another walk of it, so for
 * {@link #MAX_QUIET_INTERVAL} only a claim that found work, not an enqueue, brings the next poll
 * forward; so does a holding {@link #released}, in any process: its wallets may be what the due
 * commands waited for (light load: a command behind an in-flight command's wallet waited out the
 * whole interval after that command was confirmed). A command on free wallets
 * enqueued meanwhile waits at most that long, or less if the holder's own claims take it.
 */
final class IdlePolls {
    /** The longest wait between polls of a quiet outbox while enqueues are heard: what a due retry or a released wallet can wait. */
    static final Duration MAX_QUIET_INTERVAL = Duration.ofSeconds(1);

    private final long baseNanos;
    private final long maxNanos;
    private final AtomicLong nextPollAt;
    private volatile long intervalNanos;
    private volatile boolean hearing;
    /** Announcements of work so far ({@link #foundWork}); guarded by {@link #lock}, like the back-off they cancel. */
    private long announced;
    /** Until when enqueues heard do not wake the idle workers ({@link #polledBlocked}); guarded by {@link #lock}. */
    private long blockedUntil;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();

    IdlePolls(Duration interval) {
        this.baseNanos = interval.toNanos();
        this.maxNanos = Math.max(baseNanos, MAX_QUIET_INTERVAL.toNanos());
        this.intervalNanos = baseNanos;
        this.nextPollAt = new AtomicLong(System.nanoTime());
    }

    /** True if the caller is the idle worker to poll now (and the next poll is an interval away). */
    boolean tryStart() {
        long now = System.nanoTime();
        long next = nextPollAt.get();
        return now - next >= 0 && nextPollAt.compareAndSet(next, now + intervalNanos);
    }

    /** Taken before a claim, for {@link #polledEmpty(long)}. */
    long ticket() {
        lock.lock();
        try {
            return announced;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The claim that took {@code ticket} found nothing due: unless work was announced since it took
     * it, no idle worker polls again before an interval has passed, a longer one while enqueues are heard.
     */
    void polledEmpty(long ticket) {
        lock.lock();
        try {
            if (announced != ticket) {
                return;
            }
            backOff(hearing ? Math.min(maxNanos, intervalNanos * 2) : baseNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A claim found nothing due it could take while due commands wait for wallets other holdings hold:
     * the next idle poll is {@link #MAX_QUIET_INTERVAL} away, and enqueues heard until then do not bring it forward.
     */
    void polledBlocked() {
        lock.lock();
        try {
            blockedUntil = backOff(maxNanos);
        } finally {
            lock.unlock();
        }
    }

    /** The next idle poll at least {@code interval} from now, the interval the next back-off grows from; returns when. Under {@link #lock}. */
    private long backOff(long interval) {
        intervalNanos = interval;
        long next = System.nanoTime() + interval;
        nextPollAt.accumulateAndGet(next, (current, candidate) -> candidate - current > 0 ? candidate : current);
        return next;
    }

    /**
     * A holding of the tenant released its wallets: after a {@link #polledBlocked blocked} poll, the
     * next idle worker polls at once (its probe first asks whether anything became claimable).
     */
    void released() {
        lock.lock();
        try {
            if (blockedUntil - System.nanoTime() > 0) {
                foundWork();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A command was enqueued: the next idle worker polls at once, unless the last poll was {@link #polledBlocked blocked}. */
    void enqueued() {
        lock.lock();
        try {
            if (blockedUntil - System.nanoTime() > 0) {
                return;
            }
            foundWork();
        } finally {
            lock.unlock();
        }
    }

    /** A poll found a full claim (or enqueues are heard anew): the next idle worker polls at once. */
    void foundWork() {
        lock.lock();
        try {
            announced++;
            blockedUntil = System.nanoTime();
            intervalNanos = baseNanos;
            nextPollAt.set(System.nanoTime());
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether enqueues are heard; without, a quiet outbox is polled every base interval. Starting to
     * hear polls at once: what was enqueued while nobody listened was announced to nobody.
     */
    void hearing(boolean value) {
        hearing = value;
        if (value) {
            foundWork();
        } else {
            intervalNanos = baseNanos;
        }
    }

    boolean hearing() {
        return hearing;
    }

    /** How long until the next poll is due (0 if it is). */
    long nanosUntilNext() {
        return Math.max(0, nextPollAt.get() - System.nanoTime());
    }

    /** An idle worker waits for the next poll to be due, or for work to be found or enqueued, at most {@code maxNanos}. */
    void awaitNext(long maxNanos) throws InterruptedException {
        lock.lock();
        try {
            long wait = Math.min(nanosUntilNext(), maxNanos);
            if (wait > 0) {
                woken.await(wait, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
