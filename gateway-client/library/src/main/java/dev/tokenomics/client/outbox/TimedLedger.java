package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.LedgerUnavailableException;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A ledger whose calls are timed in the submitter's meters: endorse, submit, and commit (from the
 * submit's return to the commit status). A call is recorded when the ledger answered, with a result
 * or a typed refusal; a call the ledger never answered (an outage) would only measure the timeout.
 */
final class TimedLedger implements CommandLedger {
    private final CommandLedger ledger;
    private final SubmitterMeters meters;

    TimedLedger(CommandLedger ledger, SubmitterMeters meters) {
        this.ledger = ledger;
        this.meters = meters;
    }

    private interface Call<T> {
        T run() throws LedgerException;
    }

    private static <T> T timed(Timer timer, long startNanos, Call<T> call) throws LedgerException {
        try {
            T result = call.run();
            timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            return result;
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (LedgerException e) {
            timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    @Override
    public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
        return timed(meters.endorse, System.nanoTime(), () -> ledger.endorse(command));
    }

    @Override
    public PreparedTransaction endorseEnvelope(String envelopeJson) throws LedgerException {
        return timed(meters.endorse, System.nanoTime(), () -> ledger.endorseEnvelope(envelopeJson));
    }

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException {
        PendingCommit pending = timed(meters.submit, System.nanoTime(), () -> ledger.submit(command, transactionBytes));
        long submittedAt = System.nanoTime();
        return () -> timed(meters.commit, submittedAt, pending::awaitCommit);
    }
}
