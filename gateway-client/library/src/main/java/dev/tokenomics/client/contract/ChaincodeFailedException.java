package dev.tokenomics.client.contract;

/**
 * The chaincode ran and answered the proposal with an error that is not one of its business codes:
 * the Java shim's "Unexpected error" (what it answers a call with too few arguments, or an argument
 * it cannot convert), "Undefined contract method called" (no such transaction), or an exception in
 * the chaincode. A definitive answer for this chaincode version and state: sending the same call
 * again gets the same answer.
 */
public final class ChaincodeFailedException extends LedgerException {
    private final String chaincodeMessage;

    public ChaincodeFailedException(String chaincodeMessage, String transactionId, Throwable cause) {
        super("the chaincode failed the call without a business error code: " + chaincodeMessage, transactionId, cause);
        this.chaincodeMessage = chaincodeMessage;
    }

    /** What the chaincode answered, e.g. "Unexpected error". */
    public String chaincodeMessage() {
        return chaincodeMessage;
    }

    /** The shim's answer to an unknown transaction name. */
    public boolean undefinedTransaction() {
        return chaincodeMessage.startsWith("Undefined contract method");
    }
}
