package dev.tokenomics.devnet.chaincode;

/** A state request the peer refuses; the shim receives the message in an ERROR reply. */
final class StateRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    StateRequestException(String message) {
        super(message);
    }
}
