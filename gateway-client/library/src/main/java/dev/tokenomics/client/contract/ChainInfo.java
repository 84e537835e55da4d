package dev.tokenomics.client.contract;

/** The channel's chain as a peer holds it (qscc GetChainInfo): its height and the hex hashes of its last two blocks. */
public record ChainInfo(long height, String currentBlockHash, String previousBlockHash) {
}
