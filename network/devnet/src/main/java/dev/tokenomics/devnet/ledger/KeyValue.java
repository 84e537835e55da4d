package dev.tokenomics.devnet.ledger;

/** One result of an ordered range scan. */
public record KeyValue(String key, VersionedValue value) {
}
