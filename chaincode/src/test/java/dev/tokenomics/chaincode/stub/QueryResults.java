package dev.tokenomics.chaincode.stub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** Materialised query results handed out by {@link RecordingStub}. */
final class QueryResults {

    private QueryResults() {
    }

    static final class Entry implements KeyValue {
        private final String key;
        private final byte[] value;

        Entry(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    static final class Modification implements KeyModification {
        private final String txId;
        private final Instant timestamp;
        private final byte[] value;

        Modification(String txId, Instant timestamp, byte[] value) {
            this.txId = txId;
            this.timestamp = timestamp;
            this.value = value;
        }

        @Override
        public String getTxId() {
            return txId;
        }

        @Override
        public byte[] getValue() {
            return value == null ? new byte[0] : value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(getValue(), StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public boolean isDeleted() {
            return value == null;
        }
    }

    static class Listed<T> implements QueryResultsIterator<T> {
        private final List<T> items;

        Listed(List<T> items) {
            this.items = items;
        }

        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }

        @Override
        public void close() {
            // Nothing to release: results are already materialised.
        }
    }

    static final class Page extends Listed<KeyValue> implements QueryResultsIteratorWithMetadata<KeyValue> {
        private final QueryResponseMetadata metadata;

        Page(List<KeyValue> items, QueryResponseMetadata metadata) {
            super(items);
            this.metadata = metadata;
        }

        @Override
        public QueryResponseMetadata getMetadata() {
            return metadata;
        }
    }
}
