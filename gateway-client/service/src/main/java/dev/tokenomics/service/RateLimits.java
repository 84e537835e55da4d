package dev.tokenomics.service;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per tenant on {@code POST /v1/commands} (Bucket4j): {@code burst} tokens, refilled
 * greedily at {@code perSecond}; each well-formed POST takes one (a replay too: it costs a database
 * round trip all the same). An empty bucket is a 429 problem whose {@code Retry-After} is when the
 * next token comes, counted in {@code tokenomics_rate_limited_total}. Buckets live in this process:
 * N service instances allow N times the rate.
 */
final class RateLimits {
    private final double perSecond;
    private final Bandwidth bandwidth;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code perSecond} 0 turns the limit off. */
    RateLimits(double perSecond, int burst, MeterRegistry registry) {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit needs a rate >= 0 and a burst >= 1, got " + perSecond + " and " + burst);
        }
        this.perSecond = perSecond;
        this.registry = registry;
        // One token per 1/rate seconds, so fractional rates (0.5/s) are exact; greedy: tokens come as time passes, not in lumps.
        this.bandwidth = perSecond == 0 ? null : Bandwidth.builder().capacity(burst)
                .refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(TimeUnit.SECONDS.toNanos(1) / perSecond)))).build();
    }

    void acquire(String tenant) {
        if (bandwidth == null) {
            return;
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(tenant, t -> Bucket.builder().addLimit(bandwidth).build()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Counter.builder("tokenomics.rate.limited").description("Commands refused with 429 because the tenant's bucket was empty")
                    .tag("tenant", tenant).register(registry).increment();
            long retryAfter = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / (double) TimeUnit.SECONDS.toNanos(1)));
            throw new ProblemException(429, "RATE_LIMITED", "Too many commands", "tenant " + tenant + " may enqueue " + perSecond
                    + " commands/s (bursts of " + bandwidth.getCapacity() + "); retry after " + retryAfter + " s", null, retryAfter);
        }
    }
}
