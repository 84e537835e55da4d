package dev.tokenomics.devnet.validation;

import dev.tokenomics.devnet.ledger.KeyOrder;
import dev.tokenomics.devnet.ledger.StateWrite;
import dev.tokenomics.devnet.ledger.Version;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Writes of the earlier VALID transactions of the block being validated, by namespace, in key order. */
final class BlockUpdates {

    /** A pending write; {@code value == null} is a delete marker. */
    record Update(byte[] value, Version version) {
        boolean isDelete() {
            return value == null;
        }
    }

    private final Map<String, TreeMap<String, Update>> byNamespace = new HashMap<>();

    void put(StateWrite write, Version version) {
        byNamespace.computeIfAbsent(write.namespace(), ns -> new TreeMap<>(KeyOrder.COMPARATOR))
                .put(write.key(), new Update(write.value(), version));
    }

    boolean touches(String namespace, String key) {
        TreeMap<String, Update> updates = byNamespace.get(namespace);
        return updates != null && updates.containsKey(key);
    }

    /** Updates of {@code namespace} in [start, end) or [start, end] when {@code endInclusive}; empty end = unbounded. */
    NavigableMap<String, Update> range(String namespace, String start, String end, boolean endInclusive) {
        TreeMap<String, Update> updates = byNamespace.get(namespace);
        if (updates == null) {
            return new TreeMap<>(KeyOrder.COMPARATOR);
        }
        NavigableMap<String, Update> tail = updates.tailMap(start, true);
        return end.isEmpty() ? tail : tail.headMap(end, endInclusive);
    }
}
