package dev.tokenomics.client.outbox;

import dev.tokenomics.rules.ArgumentRules;
import java.time.Duration;

/**
 * How a submitter runs: workers (threads), claim batch size, lease, idle poll interval, retries;
 * commands per ledger transaction (1: each its own transaction; more: TRANSFER, BATCH_TRANSFER,
 * MINT and BURN share ApplyCommands envelopes) and the linger, how long a worker holding fewer than
 * that waits for more to become due before endorsing; the cap on ledger transactions per second
 * (0: none; see {@link TransactionRateCap}).
 */
record SubmitterSettings(String tenantId, int workers, int batchSize, Duration lease, Duration pollInterval, RetryPolicy retry,
                         int maxCommandsPerTransaction, Duration linger, double maxTransactionsPerSecond) {
    SubmitterSettings {
        if (workers < 1 || batchSize < 1) {
            throw new IllegalArgumentException("workers and batch size must be at least 1");
        }
        if (lease.toMillis() < 100) {
            throw new IllegalArgumentException("lease must be at least 100 ms");
        }
        if (maxCommandsPerTransaction < 1 || maxCommandsPerTransaction > ArgumentRules.MAX_ENVELOPE_MOVEMENTS) {
            throw new IllegalArgumentException("commands per transaction must be 1 to " + ArgumentRules.MAX_ENVELOPE_MOVEMENTS);
        }
        if (linger.isNegative() || linger.compareTo(lease.dividedBy(10)) > 0) {
            throw new IllegalArgumentException("linger must be between 0 and a tenth of the lease");
        }
        if (!(maxTransactionsPerSecond >= 0) || Double.isInfinite(maxTransactionsPerSecond)) {
            throw new IllegalArgumentException("max transactions per second must be a number above 0 (0: no cap), got " + maxTransactionsPerSecond);
        }
    }

    static SubmitterSettings defaults(String tenantId) {
        return new SubmitterSettings(tenantId, 4, 32, Duration.ofMinutes(5), Duration.ofMillis(100), RetryPolicy.defaults(),
                ArgumentRules.MAX_ENVELOPE_MOVEMENTS, Duration.ofMillis(5), 0);
    }

    /** Commands one claim takes at most: the batch, and at least one full transaction. */
    int claimLimit() {
        return Math.max(batchSize, maxCommandsPerTransaction);
    }

    SubmitterSettings withTenant(String value) {
        return new SubmitterSettings(value, workers, batchSize, lease, pollInterval, retry, maxCommandsPerTransaction, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withWorkers(int count) {
        return new SubmitterSettings(tenantId, count, batchSize, lease, pollInterval, retry, maxCommandsPerTransaction, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withBatchSize(int size) {
        return new SubmitterSettings(tenantId, workers, size, lease, pollInterval, retry, maxCommandsPerTransaction, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withLease(Duration value) {
        return new SubmitterSettings(tenantId, workers, batchSize, value, pollInterval, retry, maxCommandsPerTransaction, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withPollInterval(Duration value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, value, retry, maxCommandsPerTransaction, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withRetry(RetryPolicy value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, pollInterval, value, maxCommandsPerTransaction, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withMaxCommandsPerTransaction(int value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, pollInterval, retry, value, linger, maxTransactionsPerSecond);
    }

    SubmitterSettings withLinger(Duration value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, pollInterval, retry, maxCommandsPerTransaction, value, maxTransactionsPerSecond);
    }

    SubmitterSettings withMaxTransactionsPerSecond(double value) {
        return new SubmitterSettings(tenantId, workers, batchSize, lease, pollInterval, retry, maxCommandsPerTransaction, linger, value);
    }
}
