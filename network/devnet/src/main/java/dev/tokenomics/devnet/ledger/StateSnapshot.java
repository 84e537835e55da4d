package dev.tokenomics.devnet.ledger;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A consistent, read-only view of committed public state at one block height. Simulations read
 * through a snapshot so that a block committing mid-simulation never gives a torn read
 * (Fabric holds its commit read-lock for the same reason).
 */
public interface StateSnapshot extends AutoCloseable {

    /** Number of blocks committed when the snapshot was taken. */
    long height();

    Optional<VersionedValue> get(String namespace, String key);

    /** Keys in {@code [startKey, endKey)} in ascending (UTF-8 byte) order; an empty endKey means no upper bound. */
    Iterator<KeyValue> range(String namespace, String startKey, String endKey);

    /** VALID writes of the key, newest first. */
    List<HistoryEntry> history(String namespace, String key);

    @Override
    void close();
}
