package dev.tokenomics.client.contract;

/**
 * Root of the client's ledger errors. Each subtype tells the caller what to do next:
 * {@link ChaincodeRejectedException} and {@link ChaincodeFailedException} give up (the chaincode
 * answered), {@link CommitFailedException} re-endorse if it is a conflict (else give up),
 * {@link LedgerUnavailableException} wait and retry the same transaction (the ledger did not
 * answer), {@link UnreadableTransactionException} endorse anew.
 */
public abstract class LedgerException extends Exception {
    private final String transactionId;

    protected LedgerException(String message, String transactionId, Throwable cause) {
        super(message, cause);
        this.transactionId = transactionId;
    }

    /** The Fabric transaction id, or null if none was created yet. */
    public String transactionId() {
        return transactionId;
    }
}
