package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;
import org.hyperledger.fabric.protos.peer.DelState;
import org.hyperledger.fabric.protos.peer.GetHistoryForKey;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateByRange;
import org.hyperledger.fabric.protos.peer.GetStateMetadata;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.PutStateMetadata;
import org.hyperledger.fabric.protos.peer.QueryMetadata;
import org.hyperledger.fabric.protos.peer.QueryStateClose;
import org.hyperledger.fabric.protos.peer.QueryStateNext;
import org.hyperledger.fabric.protos.peer.StateMetadata;
import org.hyperledger.fabric.protos.peer.StateMetadataResult;

/**
 * One transaction in flight on a chaincode stream: answers its state requests from the simulator
 * (peer handler.go) and completes when the chaincode sends COMPLETED or ERROR. Requests of one
 * stream arrive one at a time, so a context is only ever touched by one thread at once.
 */
final class TransactionContext {
    private final ChaincodeCall call;
    private final TransactionSimulator simulator;
    private final QueryIterators iterators = new QueryIterators();
    private final CompletableFuture<ChaincodeMessage> completion = new CompletableFuture<>();

    TransactionContext(ChaincodeCall call) {
        this.call = call;
        this.simulator = new TransactionSimulator(call.txId(), call.snapshot());
    }

    ChaincodeCall call() {
        return call;
    }

    CompletableFuture<ChaincodeMessage> completion() {
        return completion;
    }

    TransactionSimulator simulator() {
        return simulator;
    }

    /** Answers one state request with RESPONSE, or ERROR in Fabric's wording. */
    ChaincodeMessage handle(ChaincodeMessage request) {
        try {
            return reply(request, Type.RESPONSE, dispatch(request));
        } catch (StateRequestException | InvalidProtocolBufferException e) {
            String text = request.getType() + " failed: transaction ID: " + request.getTxid() + ": " + e.getMessage();
            return reply(request, Type.ERROR, ByteString.copyFromUtf8(text));
        }
    }

    private ByteString dispatch(ChaincodeMessage request) throws StateRequestException, InvalidProtocolBufferException {
        String ns = call.chaincodeName();
        ByteString payload = request.getPayload();
        switch (request.getType()) {
            case GET_STATE: {
                GetState get = ZeroCopyParser.parse(GetState.parser(), payload);
                requirePublic(get.getCollection());
                byte[] value = simulator.getState(ns, get.getKey());
                return value == null ? ByteString.EMPTY : ByteString.copyFrom(value);
            }
            case PUT_STATE: {
                PutState put = ZeroCopyParser.parse(PutState.parser(), payload);
                requirePublic(put.getCollection());
                simulator.setState(ns, put.getKey(), put.getValue().toByteArray());
                return ByteString.EMPTY;
            }
            case DEL_STATE: {
                DelState del = ZeroCopyParser.parse(DelState.parser(), payload);
                requirePublic(del.getCollection());
                simulator.setState(ns, del.getKey(), null);
                return ByteString.EMPTY;
            }
            case GET_STATE_BY_RANGE:
                return rangeQuery(ZeroCopyParser.parse(GetStateByRange.parser(), payload));
            case QUERY_STATE_NEXT:
                return iterators.next(ZeroCopyParser.parse(QueryStateNext.parser(), payload).getId()).toByteString();
            case QUERY_STATE_CLOSE:
                return iterators.close(ZeroCopyParser.parse(QueryStateClose.parser(), payload).getId()).toByteString();
            case GET_HISTORY_FOR_KEY: {
                // The Java shim sends GetQueryResult{query = key}: same field number as GetHistoryForKey.key.
                String key = ZeroCopyParser.parse(GetHistoryForKey.parser(), payload).getKey();
                return iterators.start(new HistoryResults(simulator.history(ns, key)), false, 0).toByteString();
            }
            case GET_STATE_METADATA: {
                GetStateMetadata get = ZeroCopyParser.parse(GetStateMetadata.parser(), payload);
                requirePublic(get.getCollection());
                StateMetadataResult.Builder result = StateMetadataResult.newBuilder();
                new TreeMap<>(simulator.getStateMetadata(ns, get.getKey())).forEach((k, v) ->
                        result.addEntries(StateMetadata.newBuilder().setMetakey(k).setValue(ByteString.copyFrom(v))));
                return result.build().toByteString();
            }
            case PUT_STATE_METADATA: {
                PutStateMetadata put = ZeroCopyParser.parse(PutStateMetadata.parser(), payload);
                requirePublic(put.getCollection());
                simulator.setStateMetadata(ns, put.getKey(),
                        Map.of(put.getMetadata().getMetakey(), put.getMetadata().getValue()));
                return ByteString.EMPTY;
            }
            case GET_QUERY_RESULT:
                throw new StateRequestException("ExecuteQuery not supported for leveldb");
            case GET_PRIVATE_DATA_HASH:
                throw noSuchCollection(ZeroCopyParser.parse(GetState.parser(), payload).getCollection());
            case PURGE_PRIVATE_DATA:
                throw noSuchCollection(ZeroCopyParser.parse(DelState.parser(), payload).getCollection());
            default:
                throw new StateRequestException("devnet does not support " + request.getType());
        }
    }

    private ByteString rangeQuery(GetStateByRange range) throws StateRequestException, InvalidProtocolBufferException {
        requirePublic(range.getCollection());
        String ns = call.chaincodeName();
        QueryMetadata metadata = ZeroCopyParser.parse(QueryMetadata.parser(), range.getMetadata());
        boolean paginated = metadata.getPageSize() != 0 || !metadata.getBookmark().isEmpty();
        if (!paginated) {
            return iterators.start(simulator.rangeScan(ns, range.getStartKey(), range.getEndKey()), false, 0).toByteString();
        }
        String start = metadata.getBookmark().isEmpty() ? range.getStartKey() : metadata.getBookmark();
        return iterators.start(simulator.paginatedRangeScan(ns, start, range.getEndKey()), true, metadata.getPageSize())
                .toByteString();
    }

    private void requirePublic(String collection) throws StateRequestException {
        if (!collection.isEmpty()) {
            throw noSuchCollection(collection);
        }
    }

    private StateRequestException noSuchCollection(String collection) {
        // Private data collections are not supported: no chaincode here defines any (privdata NoSuchCollectionError).
        return new StateRequestException("collection " + call.channelId() + "/" + call.chaincodeName() + "/"
                + collection + " could not be found");
    }

    static ChaincodeMessage reply(ChaincodeMessage request, Type type, ByteString payload) {
        return ChaincodeMessage.newBuilder()
                .setType(type)
                .setPayload(payload)
                .setTxid(request.getTxid())
                .setChannelId(request.getChannelId())
                .build();
    }
}
