package dev.tokenomics.devnet.identity;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The org's key material, generated once and then reloaded from disk, in the layout of
 * fabric-samples' test network so client configuration is identical for the devnet and a real
 * network: {@code organizations/peerOrganizations/<domain>/{ca,tlsca,msp,peers/peer0.<domain>,users/<User>@<domain>}}.
 */
public final class DevnetCrypto {

    private static final Logger LOG = LoggerFactory.getLogger(DevnetCrypto.class);
    private static final String SUBJECT_SUFFIX = ",L=San Francisco,ST=California,C=US";
    /** Role → (user name in the layout, OU, tokenomics.role attribute or null). */
    private static final Map<String, String[]> USERS = new LinkedHashMap<>();

    static {
        USERS.put("ADMIN", new String[] {"Admin", "admin", "admin"});
        USERS.put("OPERATOR", new String[] {"Operator", "client", "operator"});
        USERS.put("USER1", new String[] {"User1", "client", null});
    }

    private final String mspId;
    private final String domain;
    private final Path orgDir;
    private final X509Certificate caCert;
    private final X509Certificate tlsCaCert;
    private final X509Msp msp;
    private final Signer peerSigner;
    private final Map<String, UserIdentity> users = new LinkedHashMap<>();

    private DevnetCrypto(String mspId, String domain, Path orgDir) throws IOException {
        this.mspId = mspId;
        this.domain = domain;
        this.orgDir = orgDir;
        this.caCert = PemFiles.readCertificate(caCertPath());
        this.tlsCaCert = PemFiles.readCertificate(tlsCaCert());
        this.msp = new X509Msp(mspId, caCert);
        Path peerMsp = peerDir().resolve("msp");
        // Only the peer's own signatures are pre-verified: client signatures must be checked for real,
        // even when a test signs with these users in-process.
        this.peerSigner = loadSigner(peerMsp.resolve("signcerts/cert.pem"), peerMsp.resolve("keystore/priv_sk"), msp);
        for (Map.Entry<String, String[]> user : USERS.entrySet()) {
            Path userMsp = userMspDir(user.getValue()[0]);
            Path cert = userMsp.resolve("signcerts/cert.pem");
            Path key = userMsp.resolve("keystore/priv_sk");
            users.put(user.getKey(), new UserIdentity(user.getKey(), mspId, cert, key, loadSigner(cert, key, null)));
        }
    }

    /** Loads the org's material from {@code dir}, generating all of it first if the CA is not there yet. */
    public static DevnetCrypto createOrLoad(Path dir, String mspId, String domain) {
        Path orgDir = dir.toAbsolutePath().resolve("organizations/peerOrganizations").resolve(domain);
        try {
            if (!Files.exists(orgDir.resolve("ca").resolve("ca." + domain + "-cert.pem"))) {
                LOG.info("Generating CA, TLS CA, peer and users for {} ({}) in {}", mspId, domain, orgDir);
                new Generation(orgDir, domain).writeAll();
            }
            return new DevnetCrypto(mspId, domain, orgDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or load crypto material in " + orgDir, e);
        }
    }

    public String mspId() {
        return mspId;
    }

    public Msp msp() {
        return msp;
    }

    /** The peer's identity: signs endorsements and the block SIGNATURES metadata. */
    public Signer peerSigner() {
        return peerSigner;
    }

    /** ADMIN, OPERATOR or USER1. */
    public UserIdentity user(String role) {
        UserIdentity user = users.get(role);
        if (user == null) {
            throw new IllegalArgumentException("no user " + role + "; known: " + users.keySet());
        }
        return user;
    }

    public Map<String, UserIdentity> users() {
        return Map.copyOf(users);
    }

    public Path organizationDir() {
        return orgDir;
    }

    public Path tlsCaCert() {
        return orgDir.resolve("tlsca/tlsca-cert.pem");
    }

    public Path tlsServerCert() {
        return peerDir().resolve("tls/server.crt");
    }

    public Path tlsServerKey() {
        return peerDir().resolve("tls/server.key");
    }

    public byte[] caCertificatePem() {
        return PemFiles.certificatePem(caCert).getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] tlsCaCertificatePem() {
        return PemFiles.certificatePem(tlsCaCert).getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] adminCertificatePem() {
        try {
            return Files.readAllBytes(user("ADMIN").certPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path caCertPath() {
        return orgDir.resolve("ca").resolve("ca." + domain + "-cert.pem");
    }

    private Path peerDir() {
        return orgDir.resolve("peers").resolve("peer0." + domain);
    }

    private Path userMspDir(String userName) {
        return orgDir.resolve("users").resolve(userName + "@" + domain).resolve("msp");
    }

    private Signer loadSigner(Path certPath, Path keyPath, X509Msp verifiedBy) throws IOException {
        byte[] pem = Files.readAllBytes(certPath);
        PrivateKey key = PemFiles.readPrivateKey(keyPath);
        byte[] serialized = SerializedIdentity.newBuilder()
                .setMspid(mspId).setIdBytes(ByteString.copyFrom(pem)).build().toByteArray();
        return new EcdsaSigner(key, serialized, verifiedBy);
    }

    /** Writes a fresh CA, TLS CA, peer (signing + TLS) and the users. */
    private record Generation(Path orgDir, String domain) {

        void writeAll() throws IOException {
            CertificateAuthority ca = CertificateAuthority.selfSigned("CN=ca." + domain + ",O=" + domain + SUBJECT_SUFFIX);
            CertificateAuthority tlsCa = CertificateAuthority.selfSigned("CN=tlsca." + domain + ",O=" + domain + SUBJECT_SUFFIX);
            String caPem = PemFiles.certificatePem(ca.certificate());
            String tlsCaPem = PemFiles.certificatePem(tlsCa.certificate());
            PemFiles.write(orgDir.resolve("tlsca/tlsca-cert.pem"), tlsCaPem);
            PemFiles.write(orgDir.resolve("tlsca/priv_sk"), PemFiles.privateKeyPem(tlsCa.key()));
            writeMspRoots(orgDir.resolve("msp"), caPem, tlsCaPem);

            Path peerDir = orgDir.resolve("peers").resolve("peer0." + domain);
            writeSigning(peerDir.resolve("msp"), ca.issue("CN=peer0." + domain + ",OU=peer" + SUBJECT_SUFFIX,
                    CertificateAuthority.Usage.SIGNING, List.of(), List.of(), null), caPem, tlsCaPem);
            CertificateAuthority.IssuedIdentity tls = tlsCa.issue("CN=peer0." + domain + SUBJECT_SUFFIX,
                    CertificateAuthority.Usage.TLS_SERVER, List.of("localhost", "peer0." + domain), List.of("127.0.0.1"), null);
            PemFiles.write(peerDir.resolve("tls/ca.crt"), tlsCaPem);
            PemFiles.write(peerDir.resolve("tls/server.crt"), PemFiles.certificatePem(tls.certificate()));
            PemFiles.write(peerDir.resolve("tls/server.key"), PemFiles.privateKeyPem(tls.key()));

            for (String[] user : USERS.values()) {
                String name = user[0] + "@" + domain;
                String attrs = "{\"attrs\":{\"hf.Affiliation\":\"\",\"hf.EnrollmentID\":\"" + name + "\",\"hf.Type\":\"" + user[1] + "\""
                        + (user[2] == null ? "" : ",\"tokenomics.role\":\"" + user[2] + "\"") + "}}";
                writeSigning(orgDir.resolve("users").resolve(name).resolve("msp"),
                        ca.issue("CN=" + name + ",OU=" + user[1] + SUBJECT_SUFFIX, CertificateAuthority.Usage.SIGNING,
                                List.of(), List.of(), attrs), caPem, tlsCaPem);
            }
            // The CA material is written last: its presence is what marks the generation as complete.
            PemFiles.write(orgDir.resolve("ca/priv_sk"), PemFiles.privateKeyPem(ca.key()));
            PemFiles.write(orgDir.resolve("ca").resolve("ca." + domain + "-cert.pem"), caPem);
        }

        private void writeSigning(Path mspDir, CertificateAuthority.IssuedIdentity identity, String caPem, String tlsCaPem)
                throws IOException {
            PemFiles.write(mspDir.resolve("signcerts/cert.pem"), PemFiles.certificatePem(identity.certificate()));
            PemFiles.write(mspDir.resolve("keystore/priv_sk"), PemFiles.privateKeyPem(identity.key()));
            writeMspRoots(mspDir, caPem, tlsCaPem);
        }

        private void writeMspRoots(Path mspDir, String caPem, String tlsCaPem) throws IOException {
            PemFiles.write(mspDir.resolve("cacerts").resolve("ca." + domain + "-cert.pem"), caPem);
            PemFiles.write(mspDir.resolve("tlscacerts").resolve("tlsca." + domain + "-cert.pem"), tlsCaPem);
            String caFile = "cacerts/ca." + domain + "-cert.pem";
            PemFiles.write(mspDir.resolve("config.yaml"), "NodeOUs:\n  Enable: true\n"
                    + "  ClientOUIdentifier:\n    Certificate: " + caFile + "\n    OrganizationalUnitIdentifier: client\n"
                    + "  PeerOUIdentifier:\n    Certificate: " + caFile + "\n    OrganizationalUnitIdentifier: peer\n"
                    + "  AdminOUIdentifier:\n    Certificate: " + caFile + "\n    OrganizationalUnitIdentifier: admin\n"
                    + "  OrdererOUIdentifier:\n    Certificate: " + caFile + "\n    OrganizationalUnitIdentifier: orderer\n");
        }
    }
}
