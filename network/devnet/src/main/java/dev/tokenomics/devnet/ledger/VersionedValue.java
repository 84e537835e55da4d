package dev.tokenomics.devnet.ledger;

/** A committed value of a public key and the version that wrote it. */
public record VersionedValue(byte[] value, Version version) {
}
