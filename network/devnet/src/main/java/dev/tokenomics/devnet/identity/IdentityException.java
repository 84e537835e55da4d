package dev.tokenomics.devnet.identity;

/** An identity or signature that Fabric's MSP would refuse; the message is Fabric's wording where one exists. */
public class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
