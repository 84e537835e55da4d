package dev.tokenomics.devnet.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ECDSA P-256 over SHA-256 as Fabric's BCCSP does it: signatures are DER {r, s} with s in the
 * lower half of the group order (s > n/2 is normalised when signing and refused when verifying).
 * The digest is computed once by the caller (it doubles as a cache key). The arithmetic is
 * BouncyCastle's lightweight ECDSA on its specialised P-256 curve, the fastest of the three
 * providers at verifying (the JDK's SunEC and BouncyCastle's JCA provider are the others;
 * EcdsaProviderBenchmark compares them on any machine).
 */
public final class EcdsaSignatures {

    /** Order of the P-256 group. */
    static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    static final BigInteger HALF_ORDER = CURVE_ORDER.shiftRight(1);

    private EcdsaSignatures() {
    }

    public static byte[] sha256(byte[] message) {
        return sha256Digest().digest(message);
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /**
     * Signs the SHA-256 digest of a message and returns a low-S DER signature. The nonce k is
     * derived deterministically (RFC 6979, HMAC-SHA256): as safe as a random k and it spares a
     * SecureRandom per signature, which profiling showed on the endorsement path.
     */
    static byte[] signDigest(ECPrivateKeyParameters key, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(HALF_ORDER) > 0 ? CURVE_ORDER.subtract(rs[1]) : rs[1];
        return encode(rs[0], s);
    }

    /** Verifies a DER signature over a SHA-256 digest, refusing high-S like Fabric. */
    static void verifyDigest(ECPublicKeyParameters key, byte[] digest, byte[] der) throws IdentityException {
        BigInteger[] rs = decode(der);
        if (rs[1].signum() <= 0 || rs[0].signum() <= 0) {
            throw new IdentityException("The signature is invalid");
        }
        if (rs[1].compareTo(HALF_ORDER) > 0) {
            throw new IdentityException("Invalid S. Must be smaller than half the order ["
                    + rs[1] + "][" + HALF_ORDER + "]");
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        if (!verifier.verifySignature(digest, rs[0], rs[1])) {
            throw new IdentityException("The signature is invalid");
        }
    }

    static boolean isLowS(byte[] der) throws IdentityException {
        return decode(der)[1].compareTo(HALF_ORDER) <= 0;
    }

    /** Re-encodes a signature with the other S (n - s); tests use it to produce high-S signatures. */
    static byte[] flipS(byte[] der) {
        try {
            BigInteger[] rs = decode(der);
            return encode(rs[0], CURVE_ORDER.subtract(rs[1]));
        } catch (IdentityException e) {
            throw new IllegalArgumentException("not a DER ECDSA signature", e);
        }
    }

    private static byte[] encode(BigInteger r, BigInteger s) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    private static BigInteger[] decode(byte[] der) throws IdentityException {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            ASN1Sequence seq = ASN1Sequence.getInstance(primitive);
            if (seq.size() != 2) {
                throw new IdentityException("failed unmashalling signature [invalid length]");
            }
            return new BigInteger[] {
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()};
        } catch (IOException | IllegalArgumentException e) {
            throw new IdentityException("failed unmashalling signature [" + e.getMessage() + "]", e);
        }
    }
}
