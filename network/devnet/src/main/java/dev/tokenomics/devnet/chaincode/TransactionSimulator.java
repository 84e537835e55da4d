package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.ledger.HistoryEntry;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.ledger.VersionedValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;

/**
 * Fabric's tx simulator over one committed snapshot: reads see committed state only (no
 * read-your-writes), every read and write is recorded, and a transaction may not mix writes with
 * paginated queries (tx_simulator.go).
 */
final class TransactionSimulator {
    private final String txId;
    private final StateSnapshot snapshot;
    private final ReadWriteSetBuilder readWriteSet = new ReadWriteSetBuilder();
    private final List<RangeRecording> rangeQueries = new ArrayList<>();
    private boolean writePerformed;
    private boolean paginatedQueryPerformed;

    private record RangeRecording(String namespace, RangeQueryRecorder recorder) {
    }

    TransactionSimulator(String txId, StateSnapshot snapshot) {
        this.txId = txId;
        this.snapshot = snapshot;
    }

    byte[] getState(String namespace, String key) {
        Optional<VersionedValue> value = snapshot.get(namespace, key);
        readWriteSet.addRead(namespace, key, value.map(VersionedValue::version).orElse(null));
        return value.map(VersionedValue::value).orElse(null);
    }

    Map<String, byte[]> getStateMetadata(String namespace, String key) {
        Optional<VersionedValue> value = snapshot.get(namespace, key);
        readWriteSet.addRead(namespace, key, value.map(VersionedValue::version).orElse(null));
        // The ledger seam does not expose committed metadata yet (SEAMS.md, request 1).
        return Map.of();
    }

    void setState(String namespace, String key, byte[] value) throws StateRequestException {
        checkWriteAllowed();
        readWriteSet.addWrite(namespace, key, value);
    }

    void setStateMetadata(String namespace, String key, Map<String, ByteString> metadata) throws StateRequestException {
        checkWriteAllowed();
        readWriteSet.addMetadataWrite(namespace, key, metadata);
    }

    RangeResults rangeScan(String namespace, String startKey, String endKey) {
        RangeQueryRecorder recorder = new RangeQueryRecorder(startKey, endKey);
        rangeQueries.add(new RangeRecording(namespace, recorder));
        return new RangeResults(namespace, snapshot.range(namespace, startKey, endKey), recorder);
    }

    RangeResults paginatedRangeScan(String namespace, String startKey, String endKey) throws StateRequestException {
        if (writePerformed) {
            throw new StateRequestException("txid [" + txId + "]: unsuppored transaction. Queries with pagination "
                    + "are not supported in transactions that write to the ledger");
        }
        paginatedQueryPerformed = true;
        return rangeScan(namespace, startKey, endKey);
    }

    Iterator<HistoryEntry> history(String namespace, String key) {
        return snapshot.history(namespace, key).iterator();
    }

    /** The read/write set, with range queries added in the order they were opened (queryHelper.done). */
    TxReadWriteSet finish() {
        rangeQueries.forEach(r -> readWriteSet.addRangeQuery(r.namespace(), r.recorder().finish()));
        rangeQueries.clear();
        return readWriteSet.build();
    }

    private void checkWriteAllowed() throws StateRequestException {
        if (paginatedQueryPerformed) {
            throw new StateRequestException("txid [" + txId + "]: unsuppored transaction. Transaction has already "
                    + "performed a paginated query. Writes are not allowed");
        }
        writePerformed = true;
    }
}
