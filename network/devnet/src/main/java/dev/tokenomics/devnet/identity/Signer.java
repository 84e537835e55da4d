package dev.tokenomics.devnet.identity;

/** The peer's own signing identity (endorsements, block metadata): ECDSA P-256 over SHA-256, low-S, DER. */
public interface Signer {

    /** Bytes of the {@code msp.SerializedIdentity} (MSP id + PEM certificate). */
    byte[] serializedIdentity();

    byte[] sign(byte[] message);
}
