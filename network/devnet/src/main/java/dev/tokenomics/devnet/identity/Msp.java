package dev.tokenomics.devnet.identity;

/**
 * Membership of the channel's one organisation: who is a member and whose signature is genuine.
 * Checks follow Fabric's X.509 MSP: the creator is a SerializedIdentity of this MSP id, its PEM
 * certificate chains to the org CA and is not itself a CA, and an ECDSA P-256 / SHA-256 signature
 * over the given bytes verifies with low-S enforced.
 */
public interface Msp {

    String mspId();

    /**
     * Validates {@code serializedIdentity} (a {@code msp.SerializedIdentity}) and the signature over
     * {@code signedBytes}; throws {@link IdentityException} with Fabric's message on failure.
     */
    void verify(byte[] serializedIdentity, byte[] signedBytes, byte[] signature) throws IdentityException;

    /** Validates only the identity (deserialisable, this MSP, chains to the CA). */
    void validate(byte[] serializedIdentity) throws IdentityException;

    /**
     * Validates the identity and tells whether its certificate carries the NodeOU {@code ou}
     * ("client", "peer", "admin", "orderer"), as Fabric's role principals (e.g. {@code Org1MSP.peer}) do.
     */
    boolean hasRole(byte[] serializedIdentity, String ou) throws IdentityException;
}
