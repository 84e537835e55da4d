package dev.tokenomics.client.cli;

import java.security.cert.X509Certificate;

/**
 * The client id of Fabric's Java chaincode shim ({@code org.hyperledger.fabric.contract.ClientIdentity#getId}):
 * {@code "x509::" + getSubjectDN().getName() + "::" + getIssuerDN().getName()}. Those deprecated calls
 * return the JDK's X500Name, whose name is what {@link javax.security.auth.x500.X500Principal#toString()}
 * prints: RDNs from the last to the first of the certificate's sequence, joined by ", " (so
 * {@code CN=User1@org1.example.com, OU=client, L=San Francisco, ST=California, C=US}). Go chaincode's
 * {@code cid.GetID} gives another, base64-encoded form; TokenomicsContract runs on the Java shim.
 */
final class FabricClientId {
    private FabricClientId() {
    }

    static String of(X509Certificate certificate) {
        return "x509::" + certificate.getSubjectX500Principal() + "::" + certificate.getIssuerX500Principal();
    }
}
