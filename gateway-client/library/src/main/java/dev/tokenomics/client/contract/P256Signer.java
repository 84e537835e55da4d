package dev.tokenomics.client.contract;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.hyperledger.fabric.client.identity.Signer;

/**
 * ECDSA P-256 over the SHA-256 digest the client passes in, as Fabric verifies it: DER {r, s} with
 * s in the lower half of the group order. BouncyCastle's lightweight signer on its specialised
 * curve, the key converted once, the nonce derived per RFC 6979 (no random source to contend on).
 */
final class P256Signer implements Signer {
    private static final ECDomainParameters P256;
    private static final BigInteger HALF_ORDER;

    static {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        P256 = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        HALF_ORDER = P256.getN().shiftRight(1);
    }

    private final ECPrivateKeyParameters key;

    P256Signer(BigInteger privateScalar) {
        this.key = new ECPrivateKeyParameters(privateScalar, P256);
    }

    /** Same order and generator as P-256: a 256-bit field alone would also match secp256k1. */
    static boolean accepts(PrivateKey key) {
        return key instanceof ECPrivateKey ec
                && ec.getParams().getOrder().equals(P256.getN())
                && ec.getParams().getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger());
    }

    @Override
    public byte[] sign(byte[] digest) throws SignatureException {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(HALF_ORDER) > 0 ? P256.getN().subtract(rs[1]) : rs[1];
        try {
            return StandardDSAEncoding.INSTANCE.encode(P256.getN(), rs[0], s);
        } catch (IOException e) {
            throw new SignatureException("DER encoding of an ECDSA signature failed", e);
        }
    }
}
