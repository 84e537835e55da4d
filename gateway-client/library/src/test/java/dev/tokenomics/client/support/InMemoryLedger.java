package dev.tokenomics.client.support;

import dev.tokenomics.client.contract.ChaincodeErrorCode;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.outbox.ChaincodeInvocation;
import dev.tokenomics.client.outbox.ClaimedCommand;
import dev.tokenomics.client.outbox.CommandLedger;
import dev.tokenomics.client.outbox.PreparedTransaction;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A small ledger with Fabric's behaviour where the outbox depends on it: endorsement simulates on
 * committed state and records versions read; commit re-checks them (MVCC_READ_CONFLICT);
 * idempotency keys make a repeat a no-op; resubmitting a committed transaction returns its first
 * status. Used to test the submitter's database logic on PostgreSQL without a Fabric network.
 */
public final class InMemoryLedger implements CommandLedger {
    /** A balance change of one key: from (null for a mint) to (null for a burn). */
    private record Move(String key, String from, String to, long amount) {
    }

    private record Endorsed(String txId, List<Move> moves, Map<String, Long> readVersions) {
    }

    private final Map<String, Long> balances = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, String> appliedKeys = new HashMap<>();
    private final Map<String, Endorsed> endorsed = new ConcurrentHashMap<>();
    private final Map<String, Object> committed = new HashMap<>(); // txId -> Long block or TxValidationCode
    private final Map<String, Integer> applications = new ConcurrentHashMap<>();
    private final List<String> applyOrder = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger envelopes = new java.util.concurrent.atomic.AtomicInteger();
    private long height = 1;

    public synchronized void fund(String walletId, long amount) {
        balances.merge(walletId, amount, Long::sum);
        versions.merge(walletId, 1L, Long::sum);
    }

    public synchronized long balance(String walletId) {
        return balances.getOrDefault(walletId, 0L);
    }

    /** How many times each chaincode idempotency key changed balances. */
    public Map<String, Integer> applications() {
        return applications;
    }

    public List<String> applyOrder() {
        return applyOrder;
    }

    /** Transactions that failed MVCC validation. */
    public int conflicts() {
        return conflicts.get();
    }

    /** ApplyCommands transactions endorsed. */
    public int envelopes() {
        return envelopes.get();
    }

    @Override
    public synchronized PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
        ChaincodeInvocation invocation = command.invocation();
        if (!invocation.transactionName().equals("TransferInternal")) {
            throw new ChaincodeRejectedException(ChaincodeErrorCode.INVALID_ARGUMENT, "unsupported " + invocation.transactionName(), null, null);
        }
        String[] args = invocation.args();
        String txId = UUID.randomUUID().toString();
        String key = args[5];
        long amount = Long.parseLong(args[2]);
        Map<String, Long> reads = new HashMap<>();
        reads.put("key:" + key, appliedKeys.containsKey(key) ? 1L : 0L);
        if (!appliedKeys.containsKey(key)) {
            if (!balances.containsKey(args[0]) || !balances.containsKey(args[1])) {
                throw new ChaincodeRejectedException(ChaincodeErrorCode.NOT_FOUND, "wallet not found", txId, null);
            }
            if (balances.get(args[0]) < amount) {
                throw new ChaincodeRejectedException(ChaincodeErrorCode.INSUFFICIENT_FUNDS, "balance " + balances.get(args[0])
                        + " < " + amount, txId, null);
            }
            reads.put(args[0], versions.get(args[0]));
            reads.put(args[1], versions.get(args[1]));
        }
        endorsed.put(txId, new Endorsed(txId, List.of(new Move(key, args[0], args[1], amount)), reads));
        return new PreparedTransaction(txId, txId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * ApplyCommands for TRANSFER, MINT and BURN items: each judged in order on the balances the
     * ones before it left (REJECTED with INSUFFICIENT_FUNDS or NOT_FOUND writes nothing; a key
     * already applied is REPLAYED); every key and wallet looked at is read, so the whole envelope
     * fails MVCC validation if any of them changed before it commits.
     */
    @Override
    public synchronized PreparedTransaction endorseEnvelope(String envelopeJson) throws LedgerException {
        String txId = UUID.randomUUID().toString();
        JsonArray items = JsonParser.parseString(envelopeJson).getAsJsonObject().getAsJsonArray("commands");
        Map<String, Long> reads = new HashMap<>();
        Map<String, Long> working = new HashMap<>();
        List<Move> moves = new java.util.ArrayList<>();
        JsonArray results = new JsonArray();
        for (int position = 0; position < items.size(); position++) {
            JsonObject item = items.get(position).getAsJsonObject();
            String type = item.get("type").getAsString();
            String key = item.get("idempotencyKey").getAsString();
            reads.put("key:" + key, appliedKeys.containsKey(key) ? 1L : 0L);
            JsonObject outcome = new JsonObject();
            outcome.addProperty("position", position);
            outcome.addProperty("type", type);
            outcome.addProperty("idempotencyKey", key);
            if (appliedKeys.containsKey(key) || moves.stream().anyMatch(move -> move.key().equals(key))) {
                outcome.addProperty("outcome", "REPLAYED");
                results.add(outcome);
                continue;
            }
            String from = switch (type) {
                case "TRANSFER" -> item.get("fromId").getAsString();
                case "BURN" -> item.get("walletId").getAsString();
                case "MINT" -> null;
                default -> throw new ChaincodeRejectedException(ChaincodeErrorCode.INVALID_ARGUMENT, "unsupported " + type, txId, null);
            };
            String to = switch (type) {
                case "TRANSFER" -> item.get("toId").getAsString();
                case "MINT" -> item.get("walletId").getAsString();
                default -> null;
            };
            long amount = item.get("amount").getAsLong();
            String rejection = null;
            for (String wallet : java.util.Arrays.asList(from, to)) {
                if (wallet != null) {
                    reads.put(wallet, versions.getOrDefault(wallet, 0L));
                    if (!balances.containsKey(wallet)) {
                        rejection = "NOT_FOUND";
                    }
                }
            }
            if (rejection == null && from != null && working.getOrDefault(from, balances.get(from)) < amount) {
                rejection = "INSUFFICIENT_FUNDS";
            }
            if (rejection != null) {
                JsonObject error = new JsonObject();
                error.addProperty("code", rejection);
                error.addProperty("message", rejection + " for " + key);
                outcome.addProperty("outcome", "REJECTED");
                outcome.add("error", error);
            } else {
                if (from != null) {
                    working.put(from, working.getOrDefault(from, balances.get(from)) - amount);
                }
                if (to != null) {
                    working.put(to, working.getOrDefault(to, balances.get(to)) + amount);
                }
                moves.add(new Move(key, from, to, amount));
                outcome.addProperty("outcome", "APPLIED");
            }
            results.add(outcome);
        }
        JsonObject result = new JsonObject();
        result.addProperty("eventType", "CommandsApplied");
        result.addProperty("txId", txId);
        result.add("commands", results);
        endorsed.put(txId, new Endorsed(txId, moves, reads));
        envelopes.incrementAndGet();
        return new PreparedTransaction(txId, txId.getBytes(StandardCharsets.UTF_8), result.toString());
    }

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) {
        String txId = new String(transactionBytes, StandardCharsets.UTF_8);
        Object status = commit(txId);
        return () -> {
            if (status instanceof Long block) {
                return block;
            }
            throw new CommitFailedException((TxValidationCode) status, height, txId);
        };
    }

    private synchronized Object commit(String txId) {
        Object first = committed.get(txId);
        if (first != null) {
            return first; // a duplicate is invalid on chain; the status by tx id is the first one's
        }
        Endorsed tx = endorsed.get(txId);
        long block = height++;
        for (Map.Entry<String, Long> read : tx.readVersions().entrySet()) {
            long current = read.getKey().startsWith("key:")
                    ? (appliedKeys.containsKey(read.getKey().substring(4)) ? 1L : 0L)
                    : versions.getOrDefault(read.getKey(), 0L);
            if (current != read.getValue()) {
                conflicts.incrementAndGet();
                committed.put(txId, TxValidationCode.MVCC_READ_CONFLICT);
                return TxValidationCode.MVCC_READ_CONFLICT;
            }
        }
        for (Move move : tx.moves()) {
            if (appliedKeys.containsKey(move.key())) {
                continue;
            }
            if (move.from() != null) {
                balances.merge(move.from(), -move.amount(), Long::sum);
                versions.merge(move.from(), 1L, Long::sum);
            }
            if (move.to() != null) {
                balances.merge(move.to(), move.amount(), Long::sum);
                versions.merge(move.to(), 1L, Long::sum);
            }
            appliedKeys.put(move.key(), txId);
            applications.merge(move.key(), 1, Integer::sum);
            applyOrder.add(move.key());
        }
        committed.put(txId, block);
        return block;
    }
}
