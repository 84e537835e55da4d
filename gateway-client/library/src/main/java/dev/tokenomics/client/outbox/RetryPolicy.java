package dev.tokenomics.client.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a command is tried again, and the only limits past which a submitter ends a command without
 * a definitive answer from the ledger.
 *
 * <p>Backoff is exponential with full jitter (a random delay between half and all of base *
 * 2^(n-1), capped), so commands that conflicted together do not retry in lockstep.
 *
 * <p>An attempt the ledger never answered (nothing reached a peer, or the outcome of a submitted
 * transaction is not known yet) is not an attempt here: its claim is given back and the command
 * waits, however long the outage lasts. An outage delays commands; it never ends them. What is
 * left to count: {@code maxAttempts} bounds the attempts that ended without an answer for another
 * reason (a dead worker's commands taken over, an unexpected error while delivering it, a stored
 * transaction that no longer parses, a duplicate transaction id), so a command that keeps breaking
 * its submitter ends FAILED RETRIES_EXHAUSTED instead of being retried forever. {@code
 * maxConflicts} bounds MVCC conflicts, which prove the ledger is working: a transfer into a wallet
 * that is itself sending can lose several races in a row; each conflicted transaction changed
 * nothing, and its re-endorsement carries the same idempotency key, so more of them are harmless.
 * {@code expireAfter} (null: never, the default) is the one deadline: a command that is still
 * waiting for an unreachable ledger that long after it was enqueued, and was never sent, ends
 * FAILED EXPIRED. A command whose transaction was sent is never expired: it may still commit, and
 * only the ledger can say it did not.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int maxConflicts, Duration expireAfter) {
    public static final int DEFAULT_MAX_CONFLICTS = 100;

    public RetryPolicy {
        if (maxAttempts < 1 || maxConflicts < 1) {
            throw new IllegalArgumentException("retry limits must be at least 1 (max attempts " + maxAttempts
                    + ", max conflicts " + maxConflicts + ")");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max (base " + baseDelay + ", max " + maxDelay + ")");
        }
        if (expireAfter != null && (expireAfter.isZero() || expireAfter.isNegative())) {
            throw new IllegalArgumentException("expire-after must be positive, was " + expireAfter);
        }
    }

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int maxConflicts) {
        this(maxAttempts, baseDelay, maxDelay, maxConflicts, null);
    }

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this(maxAttempts, baseDelay, maxDelay, DEFAULT_MAX_CONFLICTS);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    public RetryPolicy withExpireAfter(Duration value) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxConflicts, value);
    }

    /** {@code attempts} counts the claims of the command not given back, {@code conflicts} the ones that ended in an MVCC conflict. */
    public boolean exhausted(int attempts, int conflicts) {
        return attempts - conflicts >= maxAttempts;
    }

    /** {@code conflicts} includes the one just seen. */
    public boolean conflictsExhausted(int conflicts) {
        return conflicts >= maxConflicts;
    }

    /** A never-sent command enqueued {@code age} ago has waited past the deadline. */
    public boolean expired(Duration age) {
        return expireAfter != null && age.compareTo(expireAfter) >= 0;
    }

    /** The delay before try number {@code n + 1}, n >= 1. */
    public long delayMillis(int n) {
        return backoffMillis(baseDelay, maxDelay, n);
    }

    /** Capped exponential backoff with jitter: between half and all of min(cap, base * 2^(n-1)). */
    static long backoffMillis(Duration base, Duration cap, int n) {
        int exponent = Math.max(0, Math.min(n - 1, 20));
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << exponent);
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
