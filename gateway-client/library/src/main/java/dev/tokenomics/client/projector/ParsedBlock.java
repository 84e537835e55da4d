package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.List;

/**
 * A block reduced to what the read model needs: its number, its place in the chain (its own header
 * hash and its header's previous_hash), its endorser transactions in order, and when it was made:
 * its first transaction's channel-header timestamp (Fabric's block header has none; null if unset).
 */
record ParsedBlock(long number, ByteString hash, ByteString previousHash, List<ParsedTransaction> transactions, Instant timestamp) {
    /** The commands its transactions carry (see {@link ParsedTransaction#commands}). */
    int commands() {
        return transactions.stream().mapToInt(ParsedTransaction::commands).sum();
    }
}
