package dev.tokenomics.devnet.identity;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
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
 */
final class EcdsaKeys {

    static final ECDomainParameters P256;

    static {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        P256 = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    }

    private EcdsaKeys() {
    }

    static ECPublicKeyParameters publicKey(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("not a P-256 public key: " + key.getAlgorithm());
        }
        ECPoint q = P256.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY());
        return new ECPublicKeyParameters(q, P256);
    }

    static ECPrivateKeyParameters privateKey(PrivateKey key) {
        // A P-384 key would otherwise be reduced into P-256 and sign garbage.
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("not a P-256 private key: " + key.getAlgorithm());
        }
        return new ECPrivateKeyParameters(ec.getS(), P256);
    }
}
