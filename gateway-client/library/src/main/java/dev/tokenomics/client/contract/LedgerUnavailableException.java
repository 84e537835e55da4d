package dev.tokenomics.client.contract;

/**
 * The ledger did not answer: the peer or orderer could not be reached, did not answer in time, or
 * cannot endorse yet (gRPC UNAVAILABLE, DEADLINE_EXCEEDED, FAILED_PRECONDITION "no combination of
 * peers can be derived which satisfy the endorsement policy", ...). Nothing was decided: a call that
 * failed before its transaction was submitted sent nothing; for a submitted one the outcome is
 * unknown, and the same transaction is asked about again.
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
