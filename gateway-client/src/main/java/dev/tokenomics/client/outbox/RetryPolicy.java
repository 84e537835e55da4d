package dev.tokenomics.client.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a random delay up to base * 2^(attempt-1), capped), so
 * commands that conflicted together do not retry in lockstep; and the limits past which a command
 * fails with RETRIES_EXHAUSTED. The two limits count different things. {@code maxAttempts} bounds
 * the attempts whose outcome was not an MVCC conflict (unknown outcomes, takeovers of dead
 * workers' commands): those may mean the ledger is unreachable. {@code maxConflicts} bounds MVCC
 * conflicts, which prove the ledger is working: a transfer into a wallet that is itself sending
 * can lose several races in a row, and it used to spend the attempt budget doing so (one demo
 * transfer failed after 10 conflicts). A conflicted transaction changed nothing, and its
 * re-endorsement carries the same idempotency key, so more of them are harmless.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int maxConflicts) {
    public static final int DEFAULT_MAX_CONFLICTS = 100;

    public RetryPolicy {
        if (maxAttempts < 1 || maxConflicts < 1) {
            throw new IllegalArgumentException("retry limits must be at least 1 (max attempts " + maxAttempts
                    + ", max conflicts " + maxConflicts + ")");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max (base " + baseDelay + ", max " + maxDelay + ")");
        }
    }

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this(maxAttempts, baseDelay, maxDelay, DEFAULT_MAX_CONFLICTS);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    /** {@code attempts} counts every claim of the command, {@code conflicts} the ones that ended in an MVCC conflict. */
    public boolean exhausted(int attempts, int conflicts) {
        return attempts - conflicts >= maxAttempts;
    }

    /** {@code conflicts} includes the one just seen. */
    public boolean conflictsExhausted(int conflicts) {
        return conflicts >= maxConflicts;
    }

    public long delayMillis(int attempts) {
        int exponent = Math.max(0, Math.min(attempts - 1, 20));
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << exponent);
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
