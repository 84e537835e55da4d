package dev.tokenomics.devnet.tokenomics;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonParser;
import dev.tokenomics.devnet.Devnet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.hyperledger.fabric.client.Contract;

/** Sets TokenomicsContract up on a devnet (Initialize + genesis wallets) and reads balances back. */
final class TokenomicsLedger {
    private final Contract admin;

    TokenomicsLedger(Contract admin) {
        this.admin = admin;
    }

    /** Initializes the token and gives each wallet {@code amount}, owned by USER1. */
    void genesis(Devnet devnet, long amount, String... walletIds) throws Exception {
        admin.submitTransaction("Initialize", "{\"symbol\":\"GXT\",\"decimals\":2}");
        String owner = clientId(devnet, "USER1");
        StringBuilder allocations = new StringBuilder("{\"allocations\":[");
        for (int i = 0; i < walletIds.length; i++) {
            allocations.append(i == 0 ? "" : ",").append("{\"walletId\":\"").append(walletIds[i])
                    .append("\",\"owner\":\"").append(owner).append("\",\"amount\":").append(amount).append('}');
        }
        admin.submitTransaction("DistributeGenesis", allocations.append("]}").toString());
    }

    long balance(String walletId) throws Exception {
        String json = new String(admin.evaluateTransaction("GetBalance", walletId), UTF_8);
        return JsonParser.parseString(json).getAsJsonObject().get("balance").getAsLong();
    }

    long totalSupply() throws Exception {
        String json = new String(admin.evaluateTransaction("GetTotalSupply"), UTF_8);
        return JsonParser.parseString(json).getAsJsonObject().get("totalSupply").getAsLong();
    }

    /**
     * The id the chaincode's ClientIdentity gives this identity: x509::subject::issuer, in the
     * format of the shim's getSubjectDN().getName(), which X500Principal.toString() keeps.
     */
    static String clientId(Devnet devnet, String role) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(devnet.identity(role).certPem())) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return "x509::" + cert.getSubjectX500Principal() + "::" + cert.getIssuerX500Principal();
        }
    }
}
