package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;

/**
 * Where the read model of (tenant, channel) stands: the next block to apply, and the chain it
 * follows (genesis hash, last applied block's hash), each null until known.
 */
record Checkpoint(long nextBlock, ByteString genesisHash, ByteString lastBlockHash) {
}
