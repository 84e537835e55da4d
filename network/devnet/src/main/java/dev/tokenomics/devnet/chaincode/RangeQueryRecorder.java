package dev.tokenomics.devnet.chaincode;

import dev.tokenomics.devnet.ledger.Version;
import dev.tokenomics.devnet.validation.RangeQueryResults;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * Records what one range iterator showed the chaincode, as Fabric's resultsItr does, so that the
 * committer can re-run the scan and detect phantoms: the start key, every key read with its
 * version, and the end key, which is the last key read until the iterator is exhausted and the
 * requested end key afterwards. The reads go into the committer's own {@link RangeQueryResults},
 * so recording and re-validation cannot disagree on the merkle summary.
 */
final class RangeQueryRecorder {
    private final String startKey;
    private final String requestedEndKey;
    private final RangeQueryResults results = new RangeQueryResults();
    private String endKey = "";
    private boolean exhausted;

    RangeQueryRecorder(String startKey, String requestedEndKey) {
        this.startKey = startKey;
        this.requestedEndKey = requestedEndKey;
    }

    void read(String key, Version version) {
        results.add(ReadWriteSetBuilder.read(key, version));
        endKey = key;
    }

    void exhausted() {
        exhausted = true;
        endKey = requestedEndKey;
    }

    RangeQueryInfo finish() {
        return results.toRangeQueryInfo(startKey, endKey, exhausted);
    }
}
