package dev.tokenomics.devnet.identity;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures raw ECDSA P-256 sign/verify throughput of the JDK's SunEC against BouncyCastle on this
 * machine; prints figures, asserts nothing about speed. Run with
 * {@code mvn test -Dtest=EcdsaProviderBenchmark -Dbenchmark=true}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class EcdsaProviderBenchmark {

    private static final int WARMUP = 3_000;
    private static final int ROUNDS = 5_000;

    @Test
    void compareProviders() throws Exception {
        KeyPair pair = CertificateAuthority.newKeyPair();
        byte[] digest = EcdsaSignatures.sha256("a transaction payload".getBytes(StandardCharsets.UTF_8));
        for (String name : new String[] {"SunEC", "BC", "SunEC", "BC"}) {
            Provider provider = "BC".equals(name) ? new org.bouncycastle.jce.provider.BouncyCastleProvider()
                    : java.security.Security.getProvider(name);
            Signature signer = Signature.getInstance("NONEwithECDSA", provider);
            Signature verifier = Signature.getInstance("NONEwithECDSA", provider);
            byte[] signature = null;
            for (int i = 0; i < WARMUP; i++) {
                signer.initSign(pair.getPrivate());
                signer.update(digest);
                signature = signer.sign();
                verifier.initVerify(pair.getPublic());
                verifier.update(digest);
                verifier.verify(signature);
            }
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                signer.initSign(pair.getPrivate());
                signer.update(digest);
                signature = signer.sign();
            }
            long signNanos = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                verifier.initVerify(pair.getPublic());
                verifier.update(digest);
                if (!verifier.verify(signature)) {
                    throw new IllegalStateException(name + " rejected its own signature");
                }
            }
            long verifyNanos = System.nanoTime() - start;
            System.out.printf("%-9s sign %7.0f/s (%5.1f us)   verify %7.0f/s (%5.1f us)%n", name,
                    ROUNDS * 1e9 / signNanos, signNanos / 1e3 / ROUNDS, ROUNDS * 1e9 / verifyNanos, verifyNanos / 1e3 / ROUNDS);
        }
        lightweight(pair, digest);
        lightweight(pair, digest);
    }

    /** The devnet's own path: BouncyCastle's ECDSASigner (RFC 6979 k) on the specialised curve, key converted once. */
    private static void lightweight(KeyPair pair, byte[] digest) throws IdentityException {
        org.bouncycastle.crypto.params.ECPublicKeyParameters pub = EcdsaKeys.publicKey(pair.getPublic());
        org.bouncycastle.crypto.params.ECPrivateKeyParameters priv = EcdsaKeys.privateKey(pair.getPrivate());
        byte[] signature = null;
        for (int i = 0; i < WARMUP; i++) {
            signature = EcdsaSignatures.signDigest(priv, digest);
            EcdsaSignatures.verifyDigest(pub, digest, signature);
        }
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            signature = EcdsaSignatures.signDigest(priv, digest);
        }
        long signNanos = System.nanoTime() - start;
        start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            EcdsaSignatures.verifyDigest(pub, digest, signature);
        }
        long verifyNanos = System.nanoTime() - start;
        System.out.printf("%-9s sign %7.0f/s (%5.1f us)   verify %7.0f/s (%5.1f us)%n", "devnet",
                ROUNDS * 1e9 / signNanos, signNanos / 1e3 / ROUNDS, ROUNDS * 1e9 / verifyNanos, verifyNanos / 1e3 / ROUNDS);
    }
}
