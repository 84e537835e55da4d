package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * A block reduced to what the read model needs: its number, its place in the chain (its own header
 * hash and its header's previous_hash) and its endorser transactions in order.
 */
record ParsedBlock(long number, ByteString hash, ByteString previousHash, List<ParsedTransaction> transactions) {
}
