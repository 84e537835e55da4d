package dev.tokenomics.devnet.ledger;

import com.google.protobuf.Timestamp;

/** One VALID write of a key, as GetHistoryForKey returns it. An empty value with isDelete marks a delete. */
public record HistoryEntry(String txId, byte[] value, Timestamp timestamp, boolean isDelete) {
}
