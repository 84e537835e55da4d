package dev.tokenomics.chaincode.stub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

import com.google.protobuf.ByteString;

/**
 * The stub of one simulated transaction, with Fabric's semantics: reads see committed state only
 * (never this transaction's own writes), writes are buffered in order until the harness commits
 * them, and the last event set wins. It records the read set (keys read, ranges queried) and the
 * write set so tests can assert what MVCC validation would check.
 */
public final class RecordingStub implements ChaincodeStub {
    private final InMemoryLedger ledger;
    private final String txId;
    private final Instant timestamp;
    private final byte[] creator;
    private final String function;
    private final List<String> parameters;
    private final Set<String> readKeys = new LinkedHashSet<>();
    private final Map<String, Long> readVersions = new LinkedHashMap<>();
    private final List<String> rangeReads = new ArrayList<>();
    private final Map<String, byte[]> writes = new LinkedHashMap<>();
    private ChaincodeEvent event;
    private int eventsSet;

    RecordingStub(InMemoryLedger ledger, String txId, Instant timestamp, byte[] creator, String function, List<String> parameters) {
        this.ledger = ledger;
        this.txId = txId;
        this.timestamp = timestamp;
        this.creator = creator.clone();
        this.function = function;
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    public Set<String> readKeys() {
        return Collections.unmodifiableSet(readKeys);
    }

    /** Key → version seen at its first read (null: absent), as a peer records in the read set. */
    Map<String, Long> readVersions() {
        return Collections.unmodifiableMap(readVersions);
    }

    public List<String> rangeReads() {
        return Collections.unmodifiableList(rangeReads);
    }

    /** Keys written in order; a null value is a delete. */
    public Map<String, byte[]> writes() {
        return Collections.unmodifiableMap(writes);
    }

    public int eventsSet() {
        return eventsSet;
    }

    @Override
    public byte[] getState(String key) {
        if (readKeys.add(key)) {
            readVersions.put(key, ledger.version(key));
        }
        return ledger.get(key);
    }

    @Override
    public void putState(String key, byte[] value) {
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("key and value must be present");
        }
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        writes.put(key, null);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be empty string");
        }
        eventsSet++;
        event = ChaincodeEvent.newBuilder().setEventName(name).setTxId(txId)
                .setPayload(ByteString.copyFrom(payload)).build();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return event;
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        throw new UnsupportedOperationException("the chaincode uses partial composite key queries only");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey, int pageSize, String bookmark) {
        throw new UnsupportedOperationException("the chaincode uses partial composite key queries only");
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return getStateByPartialCompositeKey(CompositeKey.parseCompositeKey(compositeKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String prefix = compositeKey.toString();
        rangeReads.add(prefix);
        List<KeyValue> all = keyValues(ledger.range(prefix, ""));
        return new QueryResults.Listed<>(all);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix = compositeKey.toString();
        rangeReads.add(prefix);
        NavigableMap<String, byte[]> range = ledger.range(prefix, bookmark == null ? "" : bookmark);
        List<KeyValue> page = new ArrayList<>();
        String next = "";
        for (Map.Entry<String, byte[]> e : range.entrySet()) {
            if (page.size() == pageSize) {
                next = e.getKey();
                break;
            }
            page.add(new QueryResults.Entry(e.getKey(), e.getValue()));
        }
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(page.size()).setBookmark(next).build();
        return new QueryResults.Page(page, metadata);
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        List<KeyModification> mods = new ArrayList<>();
        for (InMemoryLedger.HistoryEntry h : ledger.history(key)) {
            mods.add(new QueryResults.Modification(h.txId, h.timestamp, h.value));
        }
        return new QueryResults.Listed<>(mods);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public List<byte[]> getArgs() {
        List<byte[]> args = new ArrayList<>();
        args.add(function.getBytes(StandardCharsets.UTF_8));
        parameters.forEach(p -> args.add(p.getBytes(StandardCharsets.UTF_8)));
        return args;
    }

    @Override
    public List<String> getStringArgs() {
        List<String> args = new ArrayList<>();
        args.add(function);
        args.addAll(parameters);
        return args;
    }

    @Override
    public String getFunction() {
        return function;
    }

    @Override
    public List<String> getParameters() {
        return parameters;
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public String getChannelId() {
        return "mychannel";
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return Collections.emptyMap();
    }

    @Override
    public byte[] getBinding() {
        return new byte[0];
    }

    @Override
    public String getMspId() {
        return "Org1MSP";
    }

    @Override
    public SignedProposal getSignedProposal() {
        return SignedProposal.getDefaultInstance();
    }

    // The chaincode uses neither cross-chaincode calls, private data, rich queries nor key-level endorsement.

    @Override
    public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw unsupported();
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        throw unsupported();
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw unsupported();
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize, String bookmark) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw unsupported();
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw unsupported();
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw unsupported();
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, CompositeKey compositeKey) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType, String... attributes) {
        throw unsupported();
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not used by TokenomicsContract");
    }

    private static List<KeyValue> keyValues(NavigableMap<String, byte[]> range) {
        List<KeyValue> result = new ArrayList<>();
        range.forEach((k, v) -> result.add(new QueryResults.Entry(k, v)));
        return result;
    }
}
