package dev.tokenomics.devnet;

import java.nio.file.Path;

/** A client identity of the devnet: MSP id and the PEM certificate and PKCS#8 key files. */
public record DevnetIdentity(String mspId, Path certPem, Path keyPem) {
}
