package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Keys and certificates made by the JDK's own keytool, and HTTPS clients that use them. */
final class Keytool {
    static final String PASSWORD = "changeit";

    private Keytool() {
    }

    /** A PKCS12 keystore holding a new P-256 key with a self-signed certificate for {@code dname}. */
    static Path keyPair(Path dir, String name, String dname, String... extensions) throws Exception {
        Path store = dir.resolve(name + ".p12");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD));
        for (String extension : extensions) {
            args.addAll(List.of("-ext", extension));
        }
        run(args);
        return store;
    }

    /** Adds the certificate of {@code keyPair} (made by {@link #keyPair}) to the PKCS12 truststore {@code truststore}, made if new. */
    static void trust(Path truststore, Path keyPair, String alias) throws Exception {
        Path pem = keyPair.resolveSibling(alias + ".pem");
        run(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keyPair.toString(), "-storepass", PASSWORD, "-file", pem.toString()));
        run(List.of("-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(), "-storetype", "PKCS12", "-keystore",
                truststore.toString(), "-storepass", PASSWORD));
    }

    /** An HTTPS client that trusts the certificates of {@code trusted} and, if {@code identity} is not null, presents its key. */
    static HttpClient client(Path trusted, Path identity) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trusted));
        KeyManagerFactory keys = null;
        if (identity != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(identity), PASSWORD.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static void run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(args);
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
    }
}
