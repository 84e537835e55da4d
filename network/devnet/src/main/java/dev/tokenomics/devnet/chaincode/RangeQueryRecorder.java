package dev.tokenomics.devnet.chaincode;

import dev.tokenomics.devnet.ledger.Version;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * Records what one range iterator showed the chaincode, as Fabric's resultsItr does, so that the
 * committer can re-run the scan and detect phantoms: the start key, every key read with its
 * version, and the end key, which is the last key read until the iterator is exhausted and the
 * requested end key afterwards.
 */
final class RangeQueryRecorder {
    private final String startKey;
    private final String requestedEndKey;
    private final ReadsMerkleTree tree = new ReadsMerkleTree();
    private List<KVRead> pending = new ArrayList<>();
    private String endKey = "";
    private boolean exhausted;

    RangeQueryRecorder(String startKey, String requestedEndKey) {
        this.startKey = startKey;
        this.requestedEndKey = requestedEndKey;
    }

    void read(String key, Version version) {
        pending.add(ReadWriteSetBuilder.read(key, version));
        endKey = key;
        if (pending.size() > ReadsMerkleTree.MAX_DEGREE) {
            tree.addLeaf(pending);
            pending = new ArrayList<>();
        }
    }

    void exhausted() {
        exhausted = true;
        endKey = requestedEndKey;
    }

    RangeQueryInfo finish() {
        RangeQueryInfo.Builder info = RangeQueryInfo.newBuilder()
                .setStartKey(startKey)
                .setEndKey(endKey)
                .setItrExhausted(exhausted);
        if (tree.isEmpty()) {
            info.getRawReadsBuilder().addAllKvReads(pending);
        } else {
            if (!pending.isEmpty()) {
                tree.addLeaf(pending);
                pending = new ArrayList<>();
            }
            info.setReadsMerkleHashes(tree.summary());
        }
        return info.build();
    }
}
