package dev.tokenomics.devnet.validation;

import dev.tokenomics.devnet.ledger.KeyOrder;
import dev.tokenomics.devnet.ledger.KeyValue;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.ledger.Version;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.QueryReadsMerkleSummary;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * Phantom detection for one recorded range query: re-run the scan over committed state merged
 * with the block's earlier updates (updates win, delete markers hide keys) and compare with what
 * the simulation saw — raw reads one by one, or the merkle summary recomputed.
 */
final class RangeRevalidation {

    private RangeRevalidation() {
    }

    static boolean stillValid(String namespace, RangeQueryInfo info, StateSnapshot committed, BlockUpdates updates) {
        List<KVRead> current = rescan(namespace, info, committed, updates);
        if (info.hasReadsMerkleHashes()) {
            QueryReadsMerkleSummary recorded = info.getReadsMerkleHashes();
            RangeQueryResults recomputed = new RangeQueryResults(recorded.getMaxDegree());
            current.forEach(recomputed::add);
            QueryReadsMerkleSummary summary = recomputed.finish();
            return recorded.equals(summary);
        }
        List<KVRead> recorded = info.getRawReads().getKvReadsList();
        if (recorded.size() != current.size()) {
            return false;
        }
        for (int i = 0; i < recorded.size(); i++) {
            KVRead was = recorded.get(i);
            KVRead now = current.get(i);
            if (!was.getKey().equals(now.getKey()) || !sameVersion(was, now)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameVersion(KVRead a, KVRead b) {
        if (a.hasVersion() != b.hasVersion()) {
            return false;
        }
        return !a.hasVersion() || a.getVersion().equals(b.getVersion());
    }

    private static List<KVRead> rescan(String namespace, RangeQueryInfo info, StateSnapshot committed, BlockUpdates updates) {
        String start = info.getStartKey();
        String end = info.getEndKey();
        // An iterator the chaincode did not exhaust stopped at end_key, which it did read.
        boolean includeEnd = !info.getItrExhausted() && !end.isEmpty();
        String committedEnd = includeEnd ? end + '\u0000' : end;
        Iterator<KeyValue> fromState = committed.range(namespace, start, committedEnd);
        NavigableMap<String, BlockUpdates.Update> fromBlock = updates.range(namespace, start, end, includeEnd);
        Iterator<Map.Entry<String, BlockUpdates.Update>> blockIt = fromBlock.entrySet().iterator();

        List<KVRead> result = new ArrayList<>();
        KeyValue s = fromState.hasNext() ? fromState.next() : null;
        Map.Entry<String, BlockUpdates.Update> u = blockIt.hasNext() ? blockIt.next() : null;
        while (s != null || u != null) {
            int order = s == null ? 1 : u == null ? -1 : KeyOrder.compare(s.key(), u.getKey());
            if (order < 0) {
                result.add(read(s.key(), s.value().version()));
                s = fromState.hasNext() ? fromState.next() : null;
            } else {
                if (!u.getValue().isDelete()) {
                    result.add(read(u.getKey(), u.getValue().version()));
                }
                if (order == 0) {
                    s = fromState.hasNext() ? fromState.next() : null;
                }
                u = blockIt.hasNext() ? blockIt.next() : null;
            }
        }
        return result;
    }

    private static KVRead read(String key, Version version) {
        return KVRead.newBuilder().setKey(key).setVersion(org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version.newBuilder()
                .setBlockNum(version.blockNum()).setTxNum(version.txNum())).build();
    }
}
