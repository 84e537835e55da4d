package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.LedgerUnavailableException;

/**
 * A ledger whose endorsements wait for the submitter's {@link TransactionRateCap}: each new
 * transaction (a command or an envelope) takes one token before the peers run the chaincode for
 * it. Resubmitting a stored transaction runs no chaincode and takes none.
 */
final class CappedLedger implements CommandLedger {
    private final CommandLedger ledger;
    private final TransactionRateCap cap;

    CappedLedger(CommandLedger ledger, TransactionRateCap cap) {
        this.ledger = ledger;
        this.cap = cap;
    }

    @Override
    public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
        awaitToken();
        return ledger.endorse(command);
    }

    @Override
    public PreparedTransaction endorseEnvelope(String envelopeJson) throws LedgerException {
        awaitToken();
        return ledger.endorseEnvelope(envelopeJson);
    }

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException {
        return ledger.submit(command, transactionBytes);
    }

    /*
     * Interrupted only when the submitter stops: nothing was sent, so the command waits (back to
     * PENDING, its claim given back) exactly as when the ledger cannot be reached.
     */
    private void awaitToken() throws LedgerUnavailableException {
        try {
            cap.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("INTERRUPTED", "the submitter stopped while waiting for its transactions/s cap", null, e);
        }
    }
}
