package dev.tokenomics.devnet.identity;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * P-256 keys in BouncyCastle's lightweight form on its specialised secp256r1 curve. Converting a
 * certificate's key once and reusing the same point lets BouncyCastle keep that point's
 * precomputed multiples, which is what makes repeated verification by one creator cheap.
 * Public keys and the generator they are verified with carry {@link WideCombTables}; private keys
 * sign with BouncyCastle's own generator instance and its default table.
 */
final class EcdsaKeys {

    /** Domain of private keys (signing). */
    static final ECDomainParameters P256;
    /** Same curve and generator value, but a generator instance of its own with an 8-bit comb table. */
    private static final ECDomainParameters P256_VERIFY;

    static {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        P256 = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECPoint g = curve.getCurve().createPoint(
                curve.getG().getAffineXCoord().toBigInteger(), curve.getG().getAffineYCoord().toBigInteger());
        P256_VERIFY = new ECDomainParameters(curve.getCurve(), WideCombTables.attach(g), curve.getN(), curve.getH());
    }

    private EcdsaKeys() {
    }

    static ECPublicKeyParameters publicKey(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("not a P-256 public key: " + key.getAlgorithm());
        }
        ECPoint q = P256_VERIFY.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY());
        return new ECPublicKeyParameters(WideCombTables.attach(q), P256_VERIFY);
    }

    static ECPrivateKeyParameters privateKey(PrivateKey key) {
        // A key of another curve would otherwise be used as a P-256 scalar and sign garbage.
        if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("not a P-256 private key: " + key.getAlgorithm());
        }
        return new ECPrivateKeyParameters(ec.getS(), P256);
    }

    /** Same order and generator as P-256 (a 256-bit field alone also matches secp256k1 or brainpoolP256r1). */
    private static boolean isP256(ECParameterSpec params) {
        return params.getOrder().equals(P256.getN())
                && params.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger());
    }
}
