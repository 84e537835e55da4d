package dev.tokenomics.client.outbox;

import java.time.Duration;

/** How a submitter runs: workers (threads), claim batch size, lease, idle poll interval, retries. */
record SubmitterSettings(String tenantId, int workers, int batchSize, Duration lease, Duration pollInterval, RetryPolicy retry) {
    SubmitterSettings {
        if (workers < 1 || batchSize < 1) {
            throw new IllegalArgumentException("workers and batch size must be at least 1");
        }
        if (lease.toMillis() < 100) {
            throw new IllegalArgumentException("lease must be at least 100 ms");
        }
    }

    static SubmitterSettings defaults(String tenantId) {
        return new SubmitterSettings(tenantId, 4, 32, Duration.ofMinutes(5), Duration.ofMillis(100), RetryPolicy.defaults());
    }

    SubmitterSettings withTenant(String value) {
        return new SubmitterSettings(value, workers, batchSize, lease, pollInterval, retry);
    }

    SubmitterSettings withWorkers(int count) {
        return new SubmitterSettings(tenantId, count, batchSize, lease, pollInterval, retry);
    }

    SubmitterSettings withBatchSize(int size) {
        return new SubmitterSettings(tenantId, workers, size, lease, pollInterval, retry);
    }

    SubmitterSettings withLease(Duration value) {
        return new SubmitterSettings(tenantId, workers, batchSize, value, pollInterval, retry);
    }

    SubmitterSettings withPollInterval(Duration value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, value, retry);
    }

    SubmitterSettings withRetry(RetryPolicy value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, pollInterval, value);
    }
}
