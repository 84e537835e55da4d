package dev.tokenomics.chaincode.identity;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

import com.google.protobuf.ByteString;

/**
 * A client identity as a Fabric CA would issue it: an ECDSA P-256 X.509 certificate signed by an
 * org CA, optionally carrying the attribute extension 1.2.3.4.5.6.7.8.1 with
 * {"attrs":{"tokenomics.role":"..."}}. {@link #creator()} is the SerializedIdentity the shim's
 * ClientIdentity parses, so role checks run against real certificates.
 */
public final class TestIdentity {
    private static final ASN1ObjectIdentifier FABRIC_ATTRIBUTES = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");
    private static final String CA_SUBJECT = "CN=ca.org1.example.com,O=org1.example.com,C=US";
    private static final KeyPair CA_KEYS = newKeyPair();
    private static final Date NOT_BEFORE = new Date(1_700_000_000_000L);
    private static final Date NOT_AFTER = new Date(4_000_000_000_000L);

    private final String mspId;
    private final String id;
    private final byte[] creator;

    private TestIdentity(String mspId, X509Certificate cert) {
        this.mspId = mspId;
        // The same formula as the shim's ClientIdentity.getId().
        this.id = "x509::" + cert.getSubjectDN().getName() + "::" + cert.getIssuerDN().getName();
        this.creator = SerializedIdentity.newBuilder().setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(pem(cert), StandardCharsets.UTF_8)).build().toByteArray();
    }

    /** An identity of {@code mspId} named {@code commonName}; {@code role} null for no attribute. */
    public static TestIdentity issue(String mspId, String commonName, String role) {
        try {
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(CA_SUBJECT),
                    BigInteger.valueOf(Math.abs((long) commonName.hashCode()) + 1), NOT_BEFORE, NOT_AFTER,
                    new X500Name("CN=" + commonName + ",OU=client,O=org1.example.com"), keys.getPublic());
            if (role != null) {
                String attrs = "{\"attrs\":{\"tokenomics.role\":\"" + role + "\"}}";
                // Fabric CA stores the raw JSON bytes as the extension value.
                builder.addExtension(FABRIC_ATTRIBUTES, false, attrs.getBytes(StandardCharsets.UTF_8));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA_KEYS.getPrivate())));
            return new TestIdentity(mspId, cert);
        } catch (Exception e) {
            throw new IllegalStateException("could not issue a test certificate for " + commonName, e);
        }
    }

    public String mspId() {
        return mspId;
    }

    /** The client identity id a wallet owner is compared with. */
    public String id() {
        return id;
    }

    public byte[] creator() {
        return creator.clone();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException("EC P-256 is unavailable", e);
        }
    }

    private static String pem(X509Certificate cert) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(cert);
        } catch (Exception e) {
            throw new IllegalStateException("could not PEM-encode certificate", e);
        }
        return out.toString();
    }
}
