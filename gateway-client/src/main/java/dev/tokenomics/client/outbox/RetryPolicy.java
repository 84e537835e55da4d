package dev.tokenomics.client.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a random delay up to base * 2^(attempt-1), capped), so
 * commands that conflicted together do not retry in lockstep; and the attempt limit past which a
 * command fails with RETRIES_EXHAUSTED.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    public long delayMillis(int attempts) {
        int exponent = Math.max(0, Math.min(attempts - 1, 20));
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << exponent);
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
