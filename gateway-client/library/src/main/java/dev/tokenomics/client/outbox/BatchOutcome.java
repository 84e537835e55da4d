package dev.tokenomics.client.outbox;

import java.util.ArrayList;
import java.util.List;

/** What happened to each command of a claimed batch, applied to the outbox in a few set-based statements. */
final class BatchOutcome {
    record Committed(long id, long blockNumber) {
    }

    record Failed(long id, String errorCode, String validationCode, String detail) {
    }

    /**
     * Back to PENDING after {@code delayMillis}; {@code discardTransaction} forces a new endorsement;
     * {@code unanswered}: the ledger never answered this attempt (an outage), so its claim is given
     * back; {@code waiting}: never tried, it waits for an older command of its wallets to be retried
     * first (its claim is given back too).
     */
    record Retry(long id, long delayMillis, boolean discardTransaction, boolean conflict, boolean unanswered, boolean waiting,
                 String detail) {
        Retry(long id, long delayMillis, boolean discardTransaction, boolean conflict, boolean unanswered, String detail) {
            this(id, delayMillis, discardTransaction, conflict, unanswered, false, detail);
        }
    }

    final List<Committed> committed = new ArrayList<>();
    final List<Failed> failed = new ArrayList<>();
    final List<Retry> retries = new ArrayList<>();

    boolean isEmpty() {
        return committed.isEmpty() && failed.isEmpty() && retries.isEmpty();
    }
}
