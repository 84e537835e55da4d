package dev.tokenomics.client.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the ledger answers, as the workers of one submitter see it. While it does not, every
 * worker backs off together (capped exponential, reset by the first answer), so a peer restart
 * costs a few probes instead of a storm, and the log says once that commands are waiting and once
 * that they move again.
 */
final class LedgerOutage {
    private static final Logger log = LoggerFactory.getLogger(LedgerOutage.class);

    private final RetryPolicy retry;
    private volatile int unanswered;

    LedgerOutage(RetryPolicy retry) {
        this.retry = retry;
    }

    /** A batch could not reach the ledger; returns how long its commands (and its worker) wait. */
    synchronized long unavailable(String cause) {
        if (unanswered++ == 0) {
            log.warn("ledger unavailable, commands wait (an outage never fails a command): {}", cause);
        }
        return retry.delayMillis(unanswered);
    }

    /** The ledger answered a call (any answer, a rejection included). */
    void answered() {
        if (unanswered > 0) {
            synchronized (this) {
                if (unanswered > 0) {
                    log.info("ledger answers again after {} unanswered batches", unanswered);
                    unanswered = 0;
                }
            }
        }
    }
}
