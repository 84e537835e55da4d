package dev.tokenomics.devnet.identity;

import java.security.PrivateKey;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/** Signs with a member's P-256 key; signatures it makes are pre-verified in its MSP's cache. */
final class EcdsaSigner implements Signer {

    private final ECPrivateKeyParameters key;
    private final byte[] serializedIdentity;
    private final X509Msp msp;

    EcdsaSigner(PrivateKey key, byte[] serializedIdentity, X509Msp msp) {
        this.key = EcdsaKeys.privateKey(key);
        this.serializedIdentity = serializedIdentity.clone();
        this.msp = msp;
    }

    @Override
    public byte[] serializedIdentity() {
        return serializedIdentity.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
        byte[] digest = EcdsaSignatures.sha256(message);
        byte[] signature = EcdsaSignatures.signDigest(key, digest);
        if (msp != null) {
            msp.rememberOwnSignature(serializedIdentity, digest, signature);
        }
        return signature;
    }
}
