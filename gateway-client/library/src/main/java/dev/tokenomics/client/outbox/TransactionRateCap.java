package dev.tokenomics.client.outbox;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * The submitter's cap on Fabric transactions per second, so a burst of commands cannot flood the
 * peers: a token bucket (Bucket4j) shared by the worker threads of one {@link Submitter}, that is of
 * one tenant in one process. Up to one second's worth (at least one transaction) passes at once;
 * past that each transaction waits for its token, and the wait is counted in the meters. The bucket
 * lives in the process: N submitter processes of a tenant send up to N times the rate.
 */
final class TransactionRateCap {
    /** No cap: every transaction goes at once. */
    static final TransactionRateCap NONE = new TransactionRateCap(null, BlockingStrategy.PARKING, SubmitterMeters.none());

    private final Bucket bucket;
    private final BlockingStrategy parking;
    private final SubmitterMeters meters;

    private TransactionRateCap(Bucket bucket, BlockingStrategy parking, SubmitterMeters meters) {
        this.bucket = bucket;
        this.parking = parking;
        this.meters = meters;
    }

    /** {@code perSecond} 0: no cap (see {@link SubmitterSettings} for the accepted values). */
    static TransactionRateCap of(double perSecond, SubmitterMeters meters) {
        return of(perSecond, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING, meters);
    }

    /** With a clock and a way to wait of the caller's: tests drive both. */
    static TransactionRateCap of(double perSecond, TimeMeter clock, BlockingStrategy parking, SubmitterMeters meters) {
        if (perSecond == 0) {
            return NONE;
        }
        long burst = Math.max(1, (long) perSecond);
        Duration refill = Duration.ofNanos(Math.round(burst * 1e9 / perSecond));
        Bucket bucket = Bucket.builder().addLimit(limit -> limit.capacity(burst).refillGreedy(burst, refill))
                .withCustomTimePrecision(clock).build();
        return new TransactionRateCap(bucket, parking, meters);
    }

    /** Takes a transaction's token, waiting for it if the bucket is empty. */
    void acquire() throws InterruptedException {
        if (bucket == null) {
            return;
        }
        bucket.asBlocking().consume(1, nanos -> {
            meters.throttled(Duration.ofNanos(nanos));
            parking.park(nanos);
        });
    }
}
