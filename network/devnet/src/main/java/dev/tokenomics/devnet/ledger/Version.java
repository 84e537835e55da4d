package dev.tokenomics.devnet.ledger;

/** Height of the transaction that last wrote a key: (block number, index of the envelope in the block). */
public record Version(long blockNum, long txNum) {
}
