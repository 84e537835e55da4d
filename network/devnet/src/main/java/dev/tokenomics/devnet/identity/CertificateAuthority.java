package dev.tokenomics.devnet.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed ECDSA P-256 root that issues the org's identities, like cryptogen's CA. */
final class CertificateAuthority {

    /** Fabric CA's attribute extension: raw JSON {"attrs":{...}} that ClientIdentity reads. */
    static final ASN1ObjectIdentifier ATTRIBUTES_OID = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** What an issued leaf is for. */
    enum Usage { SIGNING, TLS_SERVER }

    static CertificateAuthority selfSigned(String subject) {
        KeyPair pair = newKeyPair();
        X500Name name = x500(subject);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = newBuilder(name, name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(
                    KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create CA " + subject, e);
        }
    }

    /** Issues a leaf certificate; {@code attributesJson} (may be null) becomes the Fabric CA attribute extension. */
    IssuedIdentity issue(String subject, Usage usage, List<String> dnsNames, List<String> ipAddresses, String attributesJson) {
        KeyPair pair = newKeyPair();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = newBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), x500(subject), pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (usage == Usage.TLS_SERVER) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            List<GeneralName> alt = new ArrayList<>();
            dnsNames.forEach(dns -> alt.add(new GeneralName(GeneralName.dNSName, dns)));
            ipAddresses.forEach(ip -> alt.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!alt.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
            }
            if (attributesJson != null) {
                builder.addExtension(ATTRIBUTES_OID, false, attributesJson.getBytes(StandardCharsets.UTF_8));
            }
            return new IssuedIdentity(sign(builder, key), pair.getPrivate());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    /**
     * An X.500 name from its RFC 2253 form ("CN=...,OU=...,C=US"), encoded most significant RDN
     * first (C ... CN) as cryptogen and Fabric CA do, so the name prints back as written.
     */
    static X500Name x500(String rfc2253) {
        List<String> rdns = new ArrayList<>(List.of(rfc2253.split(",")));
        Collections.reverse(rdns);
        return new X500Name(String.join(",", rdns));
    }

    X509Certificate certificate() {
        return certificate;
    }

    PrivateKey key() {
        return key;
    }

    record IssuedIdentity(X509Certificate certificate, PrivateKey key) {
    }

    private static X509v3CertificateBuilder newBuilder(X500Name issuer, X500Name subject, PublicKey publicKey) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, publicKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation unavailable", e);
        }
    }
}
