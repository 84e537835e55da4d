package dev.tokenomics.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per tenant on {@code POST /v1/commands}: {@code burst} tokens, refilled at
 * {@code perSecond}; each well-formed POST takes one (a replay too: it costs a database round trip
 * all the same). An empty bucket is a 429 problem whose {@code Retry-After} is when the next token
 * comes, counted in {@code tokenomics_rate_limited_total}. Buckets live in this process: N service
 * instances allow N times the rate.
 */
final class RateLimits {
    private final double perSecond;
    private final double burst;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code perSecond} 0 turns the limit off. */
    RateLimits(double perSecond, int burst, MeterRegistry registry) {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit needs a rate >= 0 and a burst >= 1, got " + perSecond + " and " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.registry = registry;
    }

    void acquire(String tenant) {
        if (perSecond == 0) {
            return;
        }
        double wait = buckets.computeIfAbsent(tenant, t -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
        if (wait > 0) {
            Counter.builder("tokenomics.rate.limited").description("Commands refused with 429 because the tenant's bucket was empty")
                    .tag("tenant", tenant).register(registry).increment();
            long retryAfter = Math.max(1, (long) Math.ceil(wait));
            throw new ProblemException(429, "RATE_LIMITED", "Too many commands", "tenant " + tenant + " may enqueue " + perSecond
                    + " commands/s (bursts of " + (long) burst + "); retry after " + retryAfter + " s", null, retryAfter);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens) {
            this.tokens = tokens;
            this.refilledAt = System.nanoTime();
        }

        /** Takes a token and returns 0, or returns the seconds until one is there (taking nothing). */
        synchronized double take(double perSecond, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / (double) TimeUnit.SECONDS.toNanos(1) * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }
    }
}
