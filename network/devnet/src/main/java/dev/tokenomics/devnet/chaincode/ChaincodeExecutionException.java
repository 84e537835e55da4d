package dev.tokenomics.devnet.chaincode;

/**
 * The peer could not get a response from the chaincode (not running, stream lost, timeout, or the
 * shim answered ERROR). The message is Fabric's: the endorser turns it into a status 500 response
 * without payload, which the gateway reports as ABORTED.
 */
public class ChaincodeExecutionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChaincodeExecutionException(String message) {
        super(message);
    }
}
