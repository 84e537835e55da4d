package dev.tokenomics.devnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client signer's output must be what Fabric accepts: a JDK-verifiable DER ECDSA signature with low S. */
class LowSDigestSignerTest {

    @Test
    void signaturesVerifyWithTheJdksOwnEcdsaOverSha256AndAreLowS() throws Exception {
        KeyPair pair = CertificateAuthority.newKeyPair();
        LowSDigestSigner signer = LowSDigestSigner.of(pair.getPrivate());
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        for (int i = 0; i < 200; i++) {
            byte[] message = ("transaction " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = signer.sign(EcdsaSignatures.sha256(message));
            jdk.initVerify(pair.getPublic());
            jdk.update(message);
            assertThat(jdk.verify(signature)).as("signature %d", i).isTrue();
            assertThat(EcdsaSignatures.isLowS(signature)).as("signature %d", i).isTrue();
        }
    }

    @Test
    void theDevnetMspAcceptsItsSignatures() throws Exception {
        KeyPair pair = CertificateAuthority.newKeyPair();
        byte[] digest = EcdsaSignatures.sha256("proposal".getBytes(StandardCharsets.UTF_8));
        byte[] signature = LowSDigestSigner.of(pair.getPrivate()).sign(digest);
        EcdsaSignatures.verifyDigest(EcdsaKeys.publicKey(pair.getPublic()), digest, signature);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp384r1", "secp256k1"})
    void refusesKeysOfOtherCurves(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair other = generator.generateKeyPair();
        assertThatThrownBy(() -> LowSDigestSigner.of(other.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-256");
    }
}
