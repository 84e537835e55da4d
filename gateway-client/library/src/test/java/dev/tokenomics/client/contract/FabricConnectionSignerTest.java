package dev.tokenomics.client.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.client.identity.Signer;
import org.junit.jupiter.api.Test;

/** What Fabric accepts: DER ECDSA over SHA-256 that the JDK verifies, with S in the lower half of the order. */
class FabricConnectionSignerTest {

    private static final BigInteger P256_HALF_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16).shiftRight(1);

    private static KeyPair keyPair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    @Test
    void p256SignaturesVerifyWithTheJdkAndAreLowS() throws Exception {
        KeyPair pair = keyPair("secp256r1");
        Signer signer = FabricConnection.signer(pair.getPrivate());
        assertThat(signer).isInstanceOf(P256Signer.class);
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        for (int i = 0; i < 200; i++) {
            byte[] message = ("proposal " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = signer.sign(MessageDigest.getInstance("SHA-256").digest(message));
            jdk.initVerify(pair.getPublic());
            jdk.update(message);
            assertThat(jdk.verify(signature)).as("signature %d", i).isTrue();
            BigInteger s = ASN1Integer.getInstance(ASN1Sequence.getInstance(signature).getObjectAt(1)).getValue();
            assertThat(s).as("S of signature %d", i).isLessThanOrEqualTo(P256_HALF_ORDER);
        }
    }

    @Test
    void otherCurvesKeepTheOfficialSigner() throws Exception {
        KeyPair pair = keyPair("secp384r1");
        Signer signer = FabricConnection.signer(pair.getPrivate());
        assertThat(signer).isNotInstanceOf(P256Signer.class);
        byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(pair.getPublic());
        jdk.update(message);
        assertThat(jdk.verify(signer.sign(MessageDigest.getInstance("SHA-256").digest(message)))).isTrue();
    }
}
