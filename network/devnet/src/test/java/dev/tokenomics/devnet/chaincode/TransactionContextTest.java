package dev.tokenomics.devnet.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.ledger.HistoryEntry;
import dev.tokenomics.devnet.ledger.KeyValue;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.ledger.Version;
import dev.tokenomics.devnet.ledger.VersionedValue;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;
import org.hyperledger.fabric.protos.peer.GetQueryResult;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateByRange;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.QueryMetadata;
import org.hyperledger.fabric.protos.peer.QueryResponse;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.QueryStateNext;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The peer's answers to shim state requests and the read/write set they record (pure logic over an in-memory snapshot). */
class TransactionContextTest {
    private final TreeMap<String, VersionedValue> state = new TreeMap<>();
    private TransactionContext context;

    private TransactionContext context() {
        if (context == null) {
            context = new TransactionContext(new ChaincodeCall("mychannel", "tx1", "basic", ChaincodeInput.getDefaultInstance(),
                    SignedProposal.getDefaultInstance(), new MapSnapshot(state)));
        }
        return context;
    }

    private void commit(String key, String value, long block, long tx) {
        state.put(key, new VersionedValue(value.getBytes(StandardCharsets.UTF_8), new Version(block, tx)));
    }

    private ChaincodeMessage send(Type type, ByteString payload) {
        return context().handle(ChaincodeMessage.newBuilder().setType(type).setTxid("tx1").setChannelId("mychannel").setPayload(payload).build());
    }

    private KVRWSet rwset() throws Exception {
        return KVRWSet.parseFrom(context().simulator().finish().getNsRwset(0).getRwset());
    }

    @Nested
    class Replies {
        @Test
        void echoTheTxIdAndChannelOfTheRequest() {
            ChaincodeMessage reply = send(Type.GET_STATE, GetState.newBuilder().setKey("k").build().toByteString());

            assertThat(reply.getType()).isEqualTo(Type.RESPONSE);
            assertThat(reply.getTxid()).isEqualTo("tx1");
            assertThat(reply.getChannelId()).isEqualTo("mychannel");
            assertThat(reply.getPayload()).isEmpty();
        }

        @Test
        void refuseRichQueriesWithLevelDbsText() {
            ChaincodeMessage reply = send(Type.GET_QUERY_RESULT, GetQueryResult.newBuilder().setQuery("{}").build().toByteString());

            assertThat(reply.getType()).isEqualTo(Type.ERROR);
            assertThat(reply.getPayload().toStringUtf8())
                    .isEqualTo("GET_QUERY_RESULT failed: transaction ID: tx1: ExecuteQuery not supported for leveldb");
        }

        @Test
        void refusePrivateDataNamingTheMissingCollection() {
            ChaincodeMessage reply = send(Type.GET_STATE, GetState.newBuilder().setKey("k").setCollection("c").build().toByteString());

            assertThat(reply.getPayload().toStringUtf8())
                    .isEqualTo("GET_STATE failed: transaction ID: tx1: collection mychannel/basic/c could not be found");
        }

        @Test
        void refuseAnUnknownIterator() {
            ChaincodeMessage reply = send(Type.QUERY_STATE_NEXT, QueryStateNext.newBuilder().setId("nope").build().toByteString());

            assertThat(reply.getPayload().toStringUtf8()).endsWith(": query iterator not found");
        }
    }

    @Nested
    class ReadWriteSet {
        @Test
        void readsRecordTheCommittedVersionAndWritesDoNotShowThroughReads() throws Exception {
            commit("k", "old", 3, 1);

            send(Type.PUT_STATE, PutState.newBuilder().setKey("k").setValue(ByteString.copyFromUtf8("new")).build().toByteString());
            ChaincodeMessage read = send(Type.GET_STATE, GetState.newBuilder().setKey("k").build().toByteString());

            assertThat(read.getPayload().toStringUtf8()).isEqualTo("old");
            KVRWSet rwset = rwset();
            assertThat(rwset.getReads(0).getVersion().getBlockNum()).isEqualTo(3);
            assertThat(rwset.getReads(0).getVersion().getTxNum()).isEqualTo(1);
            assertThat(rwset.getWrites(0).getValue().toStringUtf8()).isEqualTo("new");
        }

        @Test
        void anAbsentKeyIsReadWithoutVersionAndAnEmptyPutIsADelete() throws Exception {
            send(Type.GET_STATE, GetState.newBuilder().setKey("missing").build().toByteString());
            send(Type.PUT_STATE, PutState.newBuilder().setKey("gone").build().toByteString());

            KVRWSet rwset = rwset();
            assertThat(rwset.getReads(0).hasVersion()).isFalse();
            assertThat(rwset.getWrites(0).getIsDelete()).isTrue();
        }
    }

    @Nested
    class RangeQueries {
        @Test
        void answerInBatchesOfOneHundredAndRecordAMerkleSummaryBeyondFifty() throws Exception {
            for (int i = 0; i < 250; i++) {
                commit(String.format("k%03d", i), "v", 1, i);
            }

            QueryResponse first = QueryResponse.parseFrom(send(Type.GET_STATE_BY_RANGE,
                    GetStateByRange.newBuilder().setStartKey("k").setEndKey("l").build().toByteString()).getPayload());
            QueryResponse second = next(first.getId());
            QueryResponse third = next(first.getId());

            assertThat(first.getResultsCount()).isEqualTo(100);
            assertThat(first.getHasMore()).isTrue();
            assertThat(second.getResultsCount()).isEqualTo(100);
            assertThat(third.getResultsCount()).isEqualTo(50);
            assertThat(third.getHasMore()).isFalse();
            var info = rwset().getRangeQueriesInfo(0);
            assertThat(info.getItrExhausted()).isTrue();
            assertThat(info.getEndKey()).isEqualTo("l");
            assertThat(info.hasReadsMerkleHashes()).isTrue();
            assertThat(info.getReadsMerkleHashes().getMaxDegree()).isEqualTo(50);
        }

        @Test
        void paginatedAnswerOnePageWithTheNextKeyAsBookmark() throws Exception {
            for (String key : List.of("a", "b", "c", "d")) {
                commit(key, "v", 1, 0);
            }
            QueryMetadata page = QueryMetadata.newBuilder().setPageSize(2).build();

            QueryResponse response = QueryResponse.parseFrom(send(Type.GET_STATE_BY_RANGE, GetStateByRange.newBuilder()
                    .setStartKey("a").setEndKey("z").setMetadata(page.toByteString()).build().toByteString()).getPayload());

            QueryResponseMetadata metadata = QueryResponseMetadata.parseFrom(response.getMetadata());
            assertThat(response.getResultsCount()).isEqualTo(2);
            assertThat(response.getHasMore()).isFalse();
            assertThat(metadata.getFetchedRecordsCount()).isEqualTo(2);
            assertThat(metadata.getBookmark()).isEqualTo("c");
            var info = rwset().getRangeQueriesInfo(0);
            assertThat(info.getItrExhausted()).isFalse();
            assertThat(info.getEndKey()).isEqualTo("b");
            assertThat(info.getRawReads().getKvReadsCount()).isEqualTo(2);
        }

        private QueryResponse next(String id) throws Exception {
            return QueryResponse.parseFrom(send(Type.QUERY_STATE_NEXT, QueryStateNext.newBuilder().setId(id).build().toByteString()).getPayload());
        }
    }

    /** Committed state in a sorted map; keys here are ASCII so String order equals byte order. */
    private record MapSnapshot(TreeMap<String, VersionedValue> state) implements StateSnapshot {
        @Override
        public long height() {
            return 1;
        }

        @Override
        public Optional<VersionedValue> get(String namespace, String key) {
            return Optional.ofNullable(state.get(key));
        }

        @Override
        public Iterator<KeyValue> range(String namespace, String startKey, String endKey) {
            Map<String, VersionedValue> range = endKey.isEmpty() ? state.tailMap(startKey, true) : state.subMap(startKey, endKey);
            return range.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).iterator();
        }

        @Override
        public List<HistoryEntry> history(String namespace, String key) {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
