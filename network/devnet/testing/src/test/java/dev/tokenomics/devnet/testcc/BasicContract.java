package dev.tokenomics.devnet.testcc;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The devnet's own test chaincode (devnet-protocol.md §7), on the real shim's contract API: one
 * function per shim feature the compatibility tests exercise.
 */
@Contract(name = "basic")
@Default
public final class BasicContract implements ContractInterface {
    private static final Gson GSON = new Gson();

    @Transaction
    public String echo(Context ctx, String value) {
        return value;
    }

    @Transaction
    public String put(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
        return value;
    }

    @Transaction
    public String get(Context ctx, String key) {
        return ctx.getStub().getStringState(key);
    }

    @Transaction
    public void del(Context ctx, String key) {
        ctx.getStub().delState(key);
    }

    /** Read-modify-write: the MVCC conflict generator. */
    @Transaction
    public String increment(Context ctx, String key) {
        String current = ctx.getStub().getStringState(key);
        long next = (current.isEmpty() ? 0 : Long.parseLong(current)) + 1;
        ctx.getStub().putStringState(key, Long.toString(next));
        return Long.toString(next);
    }

    /** Read-modify-write that also emits an event: events of conflicting (invalid) txs must never reach clients. */
    @Transaction
    public String incrementWithEvent(Context ctx, String key) {
        String next = increment(ctx, key);
        ctx.getStub().setEvent("incremented", next.getBytes(StandardCharsets.UTF_8));
        return next;
    }

    /** Range read plus a write of the sum: the phantom-read generator. */
    @Transaction
    public String sumRange(Context ctx, String start, String end) {
        long sum = 0;
        try (QueryResultsIterator<KeyValue> results = ctx.getStub().getStateByRange(start, end)) {
            for (KeyValue kv : results) {
                sum += parseOrZero(kv.getStringValue());
            }
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
        ctx.getStub().putStringState("sum", Long.toString(sum));
        return Long.toString(sum);
    }

    @Transaction
    public String rangeKeys(Context ctx, String start, String end) {
        List<String> keys = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> results = ctx.getStub().getStateByRange(start, end)) {
            results.forEach(kv -> keys.add(kv.getKey()));
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
        return GSON.toJson(keys);
    }

    @Transaction
    public String putMany(Context ctx, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            ctx.getStub().putStringState(String.format("%s%04d", prefix, i), Integer.toString(i));
        }
        return Integer.toString(count);
    }

    @Transaction
    public String page(Context ctx, String start, String end, int size, String bookmark) {
        ChaincodeStub stub = ctx.getStub();
        Map<String, Object> page = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        try (QueryResultsIteratorWithMetadata<KeyValue> results = stub.getStateByRangeWithPagination(start, end, size, bookmark)) {
            results.forEach(kv -> keys.add(kv.getKey()));
            page.put("keys", keys);
            page.put("count", results.getMetadata().getFetchedRecordsCount());
            page.put("bookmark", results.getMetadata().getBookmark());
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
        return GSON.toJson(page);
    }

    @Transaction
    public String pageThenPut(Context ctx, String start, String end) {
        try (QueryResultsIteratorWithMetadata<KeyValue> results = ctx.getStub().getStateByRangeWithPagination(start, end, 1, "")) {
            results.forEach(kv -> { });
            ctx.getStub().putStringState("after-page", "x");
        } catch (RuntimeException e) {
            throw new ChaincodeException(e.getMessage());
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
        return "written";
    }

    @Transaction
    public String history(Context ctx, String key) {
        List<Map<String, Object>> entries = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> results = ctx.getStub().getHistoryForKey(key)) {
            for (KeyModification m : results) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("txId", m.getTxId());
                entry.put("value", m.getStringValue());
                entry.put("isDelete", m.isDeleted());
                entries.add(entry);
            }
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
        return GSON.toJson(entries);
    }

    @Transaction
    public String compositePut(Context ctx, String type, String a, String b, String value) {
        ctx.getStub().putStringState(ctx.getStub().createCompositeKey(type, a, b).toString(), value);
        return value;
    }

    @Transaction
    public String compositeKeys(Context ctx, String type, String a) {
        List<String> values = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> results = ctx.getStub().getStateByPartialCompositeKey(type, a)) {
            results.forEach(kv -> values.add(kv.getStringValue()));
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
        return GSON.toJson(values);
    }

    @Transaction
    public String event(Context ctx, String name, String payload) {
        ctx.getStub().setEvent(name, payload.getBytes(StandardCharsets.UTF_8));
        return payload;
    }

    @Transaction
    public String echoTransient(Context ctx) {
        Map<String, String> transientData = new TreeMap<>();
        ctx.getStub().getTransient().forEach((k, v) -> transientData.put(k, new String(v, StandardCharsets.UTF_8)));
        return GSON.toJson(transientData);
    }

    @Transaction
    public String errorMessage(Context ctx, String message) {
        throw new ChaincodeException(message);
    }

    @Transaction
    public String crash(Context ctx) {
        Runtime.getRuntime().halt(3);
        return "unreachable";
    }

    @Transaction
    public String whoami(Context ctx) {
        return ctx.getClientIdentity().getMSPID() + " " + ctx.getClientIdentity().getId();
    }

    @Transaction
    public String txInfo(Context ctx) {
        return ctx.getStub().getTxId() + " " + ctx.getStub().getTxTimestamp().toEpochMilli();
    }

    @Transaction
    public String richQuery(Context ctx, String query) {
        try (QueryResultsIterator<KeyValue> results = ctx.getStub().getQueryResult(query)) {
            return "unexpected: a rich query answered, has results " + results.iterator().hasNext();
        } catch (RuntimeException e) {
            throw new ChaincodeException(e.getMessage());
        } catch (Exception e) {
            throw new ChaincodeException(e.getMessage());
        }
    }

    @Transaction
    public String privateGet(Context ctx, String collection, String key) {
        try {
            return new String(ctx.getStub().getPrivateData(collection, key), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new ChaincodeException(e.getMessage());
        }
    }

    @Transaction
    public String putEndorsementPolicy(Context ctx, String key, String policy) {
        ctx.getStub().setStateValidationParameter(key, policy.getBytes(StandardCharsets.UTF_8));
        return policy;
    }

    private static long parseOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
