package dev.tokenomics.chaincode.stub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Committed world state plus per-key history, as a peer keeps them. A transaction's writes reach
 * it only through {@link #commit}, which the test harness calls for successful transactions only,
 * so a failed transaction writes nothing (as on Fabric, where it never gets a valid endorsement).
 */
public final class InMemoryLedger {
    private final NavigableMap<String, byte[]> state = new TreeMap<>();
    private final Map<String, List<HistoryEntry>> history = new TreeMap<>();
    private final Map<String, Long> versions = new TreeMap<>();
    private long commits;

    /** One committed version of a key. */
    public static final class HistoryEntry {
        final String txId;
        final Instant timestamp;
        final byte[] value;

        HistoryEntry(String txId, Instant timestamp, byte[] value) {
            this.txId = txId;
            this.timestamp = timestamp;
            this.value = value;
        }
    }

    public byte[] get(String key) {
        byte[] value = state.get(key);
        return value == null ? null : value.clone();
    }

    /** The commit that last wrote the key, or null if never written; what MVCC validation compares. */
    Long version(String key) {
        return versions.get(key);
    }

    /** Keys from {@code fromInclusive} (inclusive) that start with {@code prefix}, in key order. */
    NavigableMap<String, byte[]> range(String prefix, String fromInclusive) {
        String start = fromInclusive.isEmpty() || fromInclusive.compareTo(prefix) < 0 ? prefix : fromInclusive;
        NavigableMap<String, byte[]> result = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : state.tailMap(start, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    /** Newest first, as Fabric's history database returns them. */
    List<HistoryEntry> history(String key) {
        List<HistoryEntry> entries = new ArrayList<>(history.getOrDefault(key, Collections.emptyList()));
        Collections.reverse(entries);
        return entries;
    }

    /** Applies a successful transaction's write set (a null value deletes). */
    void commit(String txId, Instant timestamp, Map<String, byte[]> writes) {
        commits++;
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            if (w.getValue() == null) {
                state.remove(w.getKey());
            } else {
                state.put(w.getKey(), w.getValue().clone());
            }
            versions.put(w.getKey(), commits);
            history.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(new HistoryEntry(txId, timestamp, w.getValue()));
        }
    }

    /** A copy of all committed keys and values, for comparing whole states. */
    public NavigableMap<String, byte[]> snapshot() {
        NavigableMap<String, byte[]> copy = new TreeMap<>();
        state.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
