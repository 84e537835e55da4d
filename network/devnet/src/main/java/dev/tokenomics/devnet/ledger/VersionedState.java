package dev.tokenomics.devnet.ledger;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Public world state kept by height: every key holds a short chain of the values it had, newest
 * first, each tagged with the block that wrote it. A reader at height h sees, per key, the newest
 * entry written by a block below h. Taking a snapshot is therefore O(1) and never waits for a
 * commit; the single committer drops entries no pinned reader can see any more. Point reads (a
 * chaincode's GetState, MVCC validation) go to a hash map; the ordered key set serves ranges only,
 * since a skip-list lookup of a long key was a fifth of the devnet's time serving GetState.
 */
final class VersionedState {

    /** One value of a key; {@code value == null} is a delete. Immutable, so readers need no lock. */
    private record Entry(long block, VersionedValue value, Entry older) {
    }

    private final ConcurrentHashMap<StateKey, Entry> entries = new ConcurrentHashMap<>();
    /** Every key {@link #entries} holds, in order; a key once written stays (a delete is an entry). */
    private final ConcurrentSkipListSet<StateKey> keys = new ConcurrentSkipListSet<>();

    Optional<VersionedValue> get(String namespace, String key, long height) {
        return Optional.ofNullable(visible(entries.get(new StateKey(namespace, key)), height));
    }

    /** Keys of {@code namespace} in [startKey, endKey) as of {@code height}; empty endKey = no bound. */
    Iterator<KeyValue> range(String namespace, String startKey, String endKey, long height) {
        Iterator<StateKey> it = keys.tailSet(new StateKey(namespace, startKey), true).iterator();
        return new Iterator<>() {
            private KeyValue next = advance();

            private KeyValue advance() {
                while (it.hasNext()) {
                    StateKey k = it.next();
                    if (!k.namespace().equals(namespace)
                            || (!endKey.isEmpty() && StateKey.compareCodePoints(k.key(), endKey) >= 0)) {
                        return null;
                    }
                    VersionedValue value = visible(entries.get(k), height);
                    if (value != null) {
                        return new KeyValue(k.key(), value);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue current = next;
                next = advance();
                return current;
            }
        };
    }

    /**
     * Applies one write of block {@code block}; only the committer calls this. Entries older than
     * the newest one visible at {@code oldestVisibleHeight} are unreachable by any reader and dropped.
     */
    void apply(StateWrite write, Version version, long oldestVisibleHeight) {
        StateKey key = new StateKey(write.namespace(), write.key());
        Entry current = entries.get(key);
        VersionedValue value = write.isDelete() ? null : new VersionedValue(write.value(), version);
        Entry updated = new Entry(version.blockNum(), value, trim(current, oldestVisibleHeight));
        entries.put(key, updated);
        if (current == null) {
            keys.add(key);
        }
    }

    private static Entry trim(Entry chain, long oldestVisibleHeight) {
        if (chain == null) {
            return null;
        }
        if (chain.block() < oldestVisibleHeight) {
            // newest entry any pinned reader can see: it stays, everything older goes
            return chain.older() == null ? chain : new Entry(chain.block(), chain.value(), null);
        }
        Entry older = trim(chain.older(), oldestVisibleHeight);
        return older == chain.older() ? chain : new Entry(chain.block(), chain.value(), older);
    }

    private static VersionedValue visible(Entry chain, long height) {
        for (Entry e = chain; e != null; e = e.older()) {
            if (e.block() < height) {
                return e.value();
            }
        }
        return null;
    }
}
