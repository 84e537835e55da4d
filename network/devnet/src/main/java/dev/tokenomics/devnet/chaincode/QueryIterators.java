package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hyperledger.fabric.protos.peer.QueryResponse;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.QueryResultBytes;

/**
 * Open query iterators of one transaction and Fabric's batching of their results
 * (query_response_generator.go): unpaginated queries answer 100 results at a time with
 * {@code has_more}, reading one result ahead; paginated ones answer one page with a bookmark.
 */
final class QueryIterators {
    static final int MAX_RESULTS_PER_BATCH = 100;
    static final int TOTAL_QUERY_LIMIT = 100_000;

    private final Map<String, Open> open = new HashMap<>();

    private static final class Open {
        final ResultSource source;
        final boolean paginated;
        final int limit;
        final List<QueryResultBytes> pending = new ArrayList<>();
        int returned;

        Open(ResultSource source, boolean paginated, int limit) {
            this.source = source;
            this.paginated = paginated;
            this.limit = limit;
        }
    }

    QueryResponse start(ResultSource source, boolean paginated, int pageSize) {
        String id = UUID.randomUUID().toString();
        int limit = pageSize > 0 && pageSize < TOTAL_QUERY_LIMIT ? pageSize : TOTAL_QUERY_LIMIT;
        Open iterator = new Open(source, paginated, limit);
        open.put(id, iterator);
        return nextBatch(id, iterator);
    }

    QueryResponse next(String id) throws StateRequestException {
        Open iterator = open.get(id);
        if (iterator == null) {
            throw new StateRequestException("query iterator not found");
        }
        return nextBatch(id, iterator);
    }

    QueryResponse close(String id) {
        open.remove(id);
        return QueryResponse.newBuilder().setHasMore(false).setId(id).build();
    }

    private QueryResponse nextBatch(String id, Open iterator) {
        while (iterator.returned < iterator.limit) {
            QueryResultBytes result = iterator.source.next();
            if (result == null) {
                break;
            }
            if (!iterator.paginated && iterator.pending.size() == MAX_RESULTS_PER_BATCH) {
                List<QueryResultBytes> batch = cut(iterator);
                iterator.pending.add(result);
                iterator.returned++;
                return QueryResponse.newBuilder().addAllResults(batch).setHasMore(true).setId(id).build();
            }
            iterator.pending.add(result);
            iterator.returned++;
        }
        open.remove(id);
        QueryResponse.Builder response = QueryResponse.newBuilder().addAllResults(cut(iterator)).setHasMore(false).setId(id);
        if (iterator.paginated) {
            ByteString metadata = QueryResponseMetadata.newBuilder()
                    .setFetchedRecordsCount(iterator.returned)
                    .setBookmark(iterator.source.bookmark())
                    .build()
                    .toByteString();
            response.setMetadata(metadata);
        }
        return response.build();
    }

    private static List<QueryResultBytes> cut(Open iterator) {
        List<QueryResultBytes> batch = new ArrayList<>(iterator.pending);
        iterator.pending.clear();
        return batch;
    }
}
