package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.LedgerException;

/**
 * The ledger as the submitter sees it. Fabric implements it in {@link FabricCommandLedger}; the
 * Postgres-only benchmark stubs it. Failures are the typed {@link LedgerException}s.
 */
public interface CommandLedger {
    /** Endorses a new transaction for the command (a fresh transaction id every call). */
    PreparedTransaction endorse(ClaimedCommand command) throws LedgerException;

    /**
     * Endorses {@code ApplyCommands(envelopeJson)} (a fresh transaction id every call); the prepared
     * transaction carries the endorsement's result. A ledger without envelopes keeps the default:
     * run its submitter with {@code maxCommandsPerTransaction(1)}.
     */
    default PreparedTransaction endorseEnvelope(String envelopeJson) throws LedgerException {
        throw new UnsupportedOperationException(getClass().getName() + " does not endorse ApplyCommands envelopes");
    }

    /** Orders the stored transaction (again: a duplicate of a committed one is harmless). */
    PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException;

    /** The commit status of a submitted transaction. */
    interface PendingCommit {
        /** Block number of the VALID commit; otherwise throws (CommitFailedException, ...). */
        long awaitCommit() throws LedgerException;
    }
}
