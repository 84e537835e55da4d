package dev.tokenomics.client.contract;

/**
 * The peer or orderer could not be reached or did not answer in time (gRPC UNAVAILABLE,
 * DEADLINE_EXCEEDED, ...). The outcome of a submitted transaction is unknown: retry the same one.
 */
public final class LedgerUnavailableException extends LedgerException {
    private final String grpcStatus;

    public LedgerUnavailableException(String grpcStatus, String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
        this.grpcStatus = grpcStatus;
    }

    public String grpcStatus() {
        return grpcStatus;
    }
}
