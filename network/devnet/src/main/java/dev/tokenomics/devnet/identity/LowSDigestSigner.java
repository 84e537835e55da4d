package dev.tokenomics.devnet.identity;

import java.security.PrivateKey;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * A {@link org.hyperledger.fabric.client.identity.Signer} for the official fabric-gateway client
 * that signs with the devnet's own ECDSA path: P-256, RFC 6979 nonce, low-S, DER, over the SHA-256
 * digest the client passes in (what Fabric verifies). The client's stock
 * {@code Signers.newPrivateKeySigner} goes through BouncyCastle's JCA provider, which converts the
 * key on every call and so rebuilds the generator's precomputed multiples each time: the benchmark
 * client's profile spent a third of its CPU there. Here the key is converted once.
 */
public final class LowSDigestSigner implements org.hyperledger.fabric.client.identity.Signer {

    private final ECPrivateKeyParameters key;

    private LowSDigestSigner(ECPrivateKeyParameters key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException if {@code key} is not a P-256 private key */
    public static LowSDigestSigner of(PrivateKey key) {
        return new LowSDigestSigner(EcdsaKeys.privateKey(key));
    }

    @Override
    public byte[] sign(byte[] digest) {
        return EcdsaSignatures.signDigest(key, digest);
    }
}
