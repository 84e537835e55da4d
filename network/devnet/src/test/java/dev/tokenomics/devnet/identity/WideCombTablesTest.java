package dev.tokenomics.devnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class WideCombTablesTest {

    @Test
    void verificationWithWideTablesAcceptsExactlyWhatTheJdkAccepts() throws Exception {
        KeyPair pair = CertificateAuthority.newKeyPair();
        ECPublicKeyParameters key = EcdsaKeys.publicKey(pair.getPublic());
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initSign(pair.getPrivate());
        // Enough verifications for BouncyCastle to promote both points to its fixed-point comb path.
        for (int i = 0; i < 50; i++) {
            byte[] message = ("envelope " + i).getBytes(StandardCharsets.UTF_8);
            jdk.update(message);
            byte[] signature = jdk.sign();
            if (!EcdsaSignatures.isLowS(signature)) {
                signature = EcdsaSignatures.flipS(signature);
            }
            byte[] digest = EcdsaSignatures.sha256(message);
            EcdsaSignatures.verifyDigest(key, digest, signature);

            byte[] otherDigest = EcdsaSignatures.sha256(("other " + i).getBytes(StandardCharsets.UTF_8));
            byte[] lowS = signature;
            assertThatThrownBy(() -> EcdsaSignatures.verifyDigest(key, otherDigest, lowS))
                    .isInstanceOf(IdentityException.class).hasMessage("The signature is invalid");
        }
    }

    @Test
    void multiplesInTheWideTableGiveTheSamePointsAsPlainMultiplication() {
        ECPoint g = EcdsaKeys.P256.getG();
        ECPoint point = WideCombTables.attach(g.getCurve().createPoint(
                g.getAffineXCoord().toBigInteger(), g.getAffineYCoord().toBigInteger()));
        BigInteger n = EcdsaKeys.P256.getN();
        for (BigInteger k : new BigInteger[] {BigInteger.ONE, BigInteger.TWO, n.subtract(BigInteger.ONE),
                new BigInteger("123456789abcdef123456789abcdef123456789abcdef", 16)}) {
            ECPoint viaTable = new org.bouncycastle.math.ec.FixedPointCombMultiplier().multiply(point, k).normalize();
            ECPoint plain = new org.bouncycastle.math.ec.WNafL2RMultiplier().multiply(g, k).normalize();
            assertThat(viaTable).as("k = %s", k).isEqualTo(plain);
        }
    }
}
