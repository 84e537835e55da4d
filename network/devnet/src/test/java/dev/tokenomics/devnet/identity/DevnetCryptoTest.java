package dev.tokenomics.devnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevnetCryptoTest {

    @TempDir
    static Path dir;
    @TempDir
    static Path foreignDir;
    static DevnetCrypto crypto;
    static DevnetCrypto foreign;
    static final byte[] MESSAGE = "proposal bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void generate() {
        crypto = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com");
        foreign = DevnetCrypto.createOrLoad(foreignDir, "Org1MSP", "org1.example.com");
    }

    static X509Certificate cert(Path pem) throws Exception {
        return Identities.readX509Certificate(Files.newBufferedReader(pem));
    }

    static String attributes(X509Certificate cert) throws Exception {
        byte[] ext = cert.getExtensionValue("1.2.3.4.5.6.7.8.1");
        return ext == null ? null : new String(ASN1OctetString.getInstance(ext).getOctets(), StandardCharsets.UTF_8);
    }

    @Nested
    class Layout {

        @Test
        void usersAreWrittenWhereFabricSamplesPutThemAndLoadWithTheOfficialClient() throws Exception {
            Path org = dir.resolve("organizations/peerOrganizations/org1.example.com");
            for (String user : List.of("Admin", "Operator", "User1")) {
                Path msp = org.resolve("users/" + user + "@org1.example.com/msp");
                assertThat(cert(msp.resolve("signcerts/cert.pem")).getSubjectX500Principal().getName())
                        .startsWith("CN=" + user + "@org1.example.com");
                assertThat(Identities.readPrivateKey(Files.newBufferedReader(msp.resolve("keystore/priv_sk")))).isNotNull();
            }
            assertThat(crypto.user("ADMIN").certPem()).isEqualTo(org.resolve("users/Admin@org1.example.com/msp/signcerts/cert.pem"));
            assertThat(crypto.tlsCaCert()).isEqualTo(org.resolve("tlsca/tlsca-cert.pem")).exists();
            assertThat(org.resolve("msp/config.yaml")).exists();
        }

        @Test
        void roleAttributesUseFabricCasExtension() throws Exception {
            assertThat(attributes(cert(crypto.user("ADMIN").certPem()))).contains("\"tokenomics.role\":\"admin\"").startsWith("{\"attrs\":{");
            assertThat(attributes(cert(crypto.user("OPERATOR").certPem()))).contains("\"tokenomics.role\":\"operator\"");
            assertThat(attributes(cert(crypto.user("USER1").certPem()))).doesNotContain("tokenomics.role");
        }

        @Test
        void tlsServerCertificateNamesTheHostsClientsDialAndChainsToTheTlsCa() throws Exception {
            X509Certificate server = cert(crypto.tlsServerCert());
            X509Certificate tlsCa = cert(crypto.tlsCaCert());

            assertThat(server.getSubjectAlternativeNames()).extracting(san -> san.get(1).toString())
                    .contains("localhost", "127.0.0.1", "peer0.org1.example.com");
            server.verify(tlsCa.getPublicKey());
            assertThat(server.getBasicConstraints()).isEqualTo(-1);
            assertThat(Identities.readPrivateKey(Files.newBufferedReader(crypto.tlsServerKey()))).isNotNull();
        }

        @Test
        void reloadingReusesTheSameKeysAndCertificates() throws Exception {
            DevnetCrypto again = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com");

            assertThat(again.caCertificatePem()).isEqualTo(crypto.caCertificatePem());
            assertThat(again.peerSigner().serializedIdentity()).isEqualTo(crypto.peerSigner().serializedIdentity());
            again.msp().verify(crypto.user("USER1").signer().serializedIdentity(), MESSAGE, crypto.user("USER1").signer().sign(MESSAGE));
        }
    }

    @Nested
    class Verification {

        @Test
        void memberSignatureVerifiesAndIsAlwaysLowS() throws Exception {
            Signer user = crypto.user("USER1").signer();
            for (int i = 0; i < 32; i++) {
                byte[] signature = user.sign(MESSAGE);
                assertThat(EcdsaSignatures.isLowS(signature)).isTrue();
                crypto.msp().verify(user.serializedIdentity(), MESSAGE, signature);
            }
        }

        @Test
        void tamperedMessageIsRejected() {
            Signer user = crypto.user("USER1").signer();
            byte[] signature = user.sign(MESSAGE);

            assertThatThrownBy(() -> crypto.msp().verify(user.serializedIdentity(), "other bytes".getBytes(), signature))
                    .isInstanceOf(IdentityException.class).hasMessage("The signature is invalid");
        }

        @Test
        void highSVersionOfAValidSignatureIsRejected() {
            Signer user = crypto.user("USER1").signer();
            byte[] highS = EcdsaSignatures.flipS(user.sign(MESSAGE));

            assertThatThrownBy(() -> crypto.msp().verify(user.serializedIdentity(), MESSAGE, highS))
                    .isInstanceOf(IdentityException.class).hasMessageStartingWith("Invalid S. Must be smaller than half the order");
        }

        @Test
        void identityIssuedByAnotherCaIsRejected() {
            Signer stranger = foreign.user("USER1").signer();

            assertThatThrownBy(() -> crypto.msp().verify(stranger.serializedIdentity(), MESSAGE, stranger.sign(MESSAGE)))
                    .isInstanceOf(IdentityException.class)
                    .hasMessage("the supplied identity is not valid: x509: certificate signed by unknown authority");
        }

        @Test
        void unknownMspIdIsRejectedWithFabricsMessage() {
            byte[] otherMsp = SerializedIdentity.newBuilder().setMspid("Org2MSP")
                    .setIdBytes(ByteString.copyFrom(crypto.caCertificatePem())).build().toByteArray();

            assertThatThrownBy(() -> crypto.msp().validate(otherMsp))
                    .isInstanceOf(IdentityException.class).hasMessage("expected MSP ID Org1MSP, received Org2MSP");
        }

        @Test
        void caCertificateCannotActAsAnIdentity() {
            byte[] ca = SerializedIdentity.newBuilder().setMspid("Org1MSP")
                    .setIdBytes(ByteString.copyFrom(crypto.caCertificatePem())).build().toByteArray();

            assertThatThrownBy(() -> crypto.msp().validate(ca))
                    .isInstanceOf(IdentityException.class).hasMessageContaining("Certificate Authority equals true");
        }

        @Test
        void garbageIdentityIsRejected() {
            byte[] notPem = SerializedIdentity.newBuilder().setMspid("Org1MSP").setIdBytes(ByteString.copyFromUtf8("nope")).build()
                    .toByteArray();

            assertThatThrownBy(() -> crypto.msp().validate(notPem)).isInstanceOf(IdentityException.class)
                    .hasMessage("could not decode the PEM structure");
            assertThatThrownBy(() -> crypto.msp().validate(new byte[] {(byte) 0xff})).isInstanceOf(IdentityException.class)
                    .hasMessageStartingWith("could not deserialize a SerializedIdentity");
        }

        @Test
        void rolesComeFromTheNodeOrganizationalUnit() throws Exception {
            assertThat(crypto.msp().hasRole(crypto.peerSigner().serializedIdentity(), "peer")).isTrue();
            assertThat(crypto.msp().hasRole(crypto.user("USER1").signer().serializedIdentity(), "peer")).isFalse();
            assertThat(crypto.msp().hasRole(crypto.user("USER1").signer().serializedIdentity(), "client")).isTrue();
            assertThat(crypto.msp().hasRole(crypto.user("ADMIN").signer().serializedIdentity(), "admin")).isTrue();
        }
    }
}
