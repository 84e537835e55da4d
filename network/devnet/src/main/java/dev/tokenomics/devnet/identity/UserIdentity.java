package dev.tokenomics.devnet.identity;

import java.nio.file.Path;

/**
 * A client identity written to disk: {@code role} is ADMIN, OPERATOR or USER1; certificate and
 * PKCS#8 key are PEM files in the fabric-samples layout; {@code signer} signs as that identity.
 */
public record UserIdentity(String role, String mspId, Path certPem, Path keyPem, Signer signer) {
}
