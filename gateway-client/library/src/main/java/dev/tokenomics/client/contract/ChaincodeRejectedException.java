package dev.tokenomics.client.contract;

/** The chaincode refused the transaction for a business reason; retrying cannot help. */
public final class ChaincodeRejectedException extends LedgerException {
    private final ChaincodeErrorCode code;
    private final String detail;

    public ChaincodeRejectedException(ChaincodeErrorCode code, String detail, String transactionId, Throwable cause) {
        super(code + ": " + detail, transactionId, cause);
        this.code = code;
        this.detail = detail;
    }

    public ChaincodeErrorCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
