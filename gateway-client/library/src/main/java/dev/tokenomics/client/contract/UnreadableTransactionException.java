package dev.tokenomics.client.contract;

/**
 * Stored transaction bytes that no longer parse as an endorsed transaction. Nothing can be sent
 * from them; the command they belong to needs a new endorsement.
 */
public final class UnreadableTransactionException extends LedgerException {
    public UnreadableTransactionException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
