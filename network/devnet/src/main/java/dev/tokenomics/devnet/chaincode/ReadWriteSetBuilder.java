package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.ledger.KeyOrder;
import dev.tokenomics.devnet.ledger.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataEntry;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;

/**
 * Collects a simulation's reads and writes and emits them the way Fabric's rwset builder does:
 * namespaces sorted, reads/writes/metadata writes sorted by key with one entry per key (the last
 * one wins), range queries in the order they were first run, de-duplicated on
 * (start key, end key, exhausted).
 */
final class ReadWriteSetBuilder {
    private final SortedMap<String, Namespace> namespaces = new TreeMap<>(KeyOrder.COMPARATOR);

    static KVRead read(String key, Version version) {
        KVRead.Builder read = KVRead.newBuilder().setKey(key);
        if (version != null) {
            read.getVersionBuilder().setBlockNum(version.blockNum()).setTxNum(version.txNum());
        }
        return read.build();
    }

    void addRead(String namespace, String key, Version version) {
        namespace(namespace).reads.put(key, read(key, version));
    }

    /** An empty value is a delete, as in Fabric. */
    void addWrite(String namespace, String key, byte[] value) {
        KVWrite.Builder write = KVWrite.newBuilder().setKey(key);
        if (value == null || value.length == 0) {
            write.setIsDelete(true);
        } else {
            write.setValue(ByteString.copyFrom(value));
        }
        namespace(namespace).writes.put(key, write.build());
    }

    void addMetadataWrite(String namespace, String key, Map<String, ByteString> metadata) {
        KVMetadataWrite.Builder write = KVMetadataWrite.newBuilder().setKey(key);
        new TreeMap<>(metadata).forEach((name, value) ->
                write.addEntries(KVMetadataEntry.newBuilder().setName(name).setValue(value)));
        namespace(namespace).metadataWrites.put(key, write.build());
    }

    void addRangeQuery(String namespace, RangeQueryInfo info) {
        String dedupKey = info.getStartKey() + '\u0000' + info.getEndKey() + '\u0000' + info.getItrExhausted();
        namespace(namespace).rangeQueries.putIfAbsent(dedupKey, info);
    }

    boolean hasWrites() {
        return namespaces.values().stream().anyMatch(ns -> !ns.writes.isEmpty() || !ns.metadataWrites.isEmpty());
    }

    TxReadWriteSet build() {
        TxReadWriteSet.Builder txRwSet = TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV);
        namespaces.forEach((name, ns) -> txRwSet.addNsRwset(NsReadWriteSet.newBuilder()
                .setNamespace(name)
                .setRwset(ns.toKvRwSet().toByteString())));
        return txRwSet.build();
    }

    private Namespace namespace(String name) {
        return namespaces.computeIfAbsent(name, n -> new Namespace());
    }

    private static final class Namespace {
        final SortedMap<String, KVRead> reads = new TreeMap<>(KeyOrder.COMPARATOR);
        final Map<String, RangeQueryInfo> rangeQueries = new LinkedHashMap<>();
        final SortedMap<String, KVWrite> writes = new TreeMap<>(KeyOrder.COMPARATOR);
        final SortedMap<String, KVMetadataWrite> metadataWrites = new TreeMap<>(KeyOrder.COMPARATOR);

        KVRWSet toKvRwSet() {
            return KVRWSet.newBuilder()
                    .addAllReads(reads.values())
                    .addAllRangeQueriesInfo(new ArrayList<>(rangeQueries.values()))
                    .addAllWrites(writes.values())
                    .addAllMetadataWrites(metadataWrites.values())
                    .build();
        }
    }
}
