package dev.tokenomics.devnet.ledger;

import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** VALID writes per key, newest first, readable as of any height without locks. */
final class HistoryIndex {

    private record Node(long block, HistoryEntry entry, Node older) {
    }

    private final ConcurrentMap<StateKey, Node> heads = new ConcurrentHashMap<>();

    void record(StateWrite write, long block, String txId, Timestamp timestamp) {
        HistoryEntry entry = new HistoryEntry(txId, write.isDelete() ? new byte[0] : write.value(), timestamp, write.isDelete());
        heads.compute(new StateKey(write.namespace(), write.key()), (k, head) -> new Node(block, entry, head));
    }

    List<HistoryEntry> history(String namespace, String key, long height) {
        List<HistoryEntry> result = new ArrayList<>();
        for (Node n = heads.get(new StateKey(namespace, key)); n != null; n = n.older()) {
            if (n.block() < height) {
                result.add(n.entry());
            }
        }
        return result;
    }
}
