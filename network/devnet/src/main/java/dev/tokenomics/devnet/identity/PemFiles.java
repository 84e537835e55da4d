package dev.tokenomics.devnet.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** PEM encoding of certificates and PKCS#8 EC keys, as fabric-samples' cryptogen writes them. */
final class PemFiles {

    private PemFiles() {
    }

    static String certificatePem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    static X509Certificate parseCertificate(byte[] pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem));
    }

    static X509Certificate readCertificate(Path path) throws IOException {
        try {
            return parseCertificate(Files.readAllBytes(path));
        } catch (GeneralSecurityException e) {
            throw new IOException("not a PEM certificate: " + path, e);
        }
    }

    static PrivateKey readPrivateKey(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.US_ASCII);
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not a PKCS#8 EC private key: " + path, e);
        }
    }

    static void write(Path path, String pem) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, pem, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
