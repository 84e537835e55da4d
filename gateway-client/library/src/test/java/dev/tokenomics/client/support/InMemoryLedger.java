package dev.tokenomics.client.support;

import dev.tokenomics.client.contract.ChaincodeErrorCode;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.CommitFailedException;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.outbox.ChaincodeInvocation;
import dev.tokenomics.client.outbox.ClaimedCommand;
import dev.tokenomics.client.outbox.CommandLedger;
import dev.tokenomics.client.outbox.PreparedTransaction;
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
    private record Endorsed(String txId, String key, String from, String to, long amount, Map<String, Long> readVersions) {
    }

    private final Map<String, Long> balances = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, String> appliedKeys = new HashMap<>();
    private final Map<String, Endorsed> endorsed = new ConcurrentHashMap<>();
    private final Map<String, Object> committed = new HashMap<>(); // txId -> Long block or TxValidationCode
    private final Map<String, Integer> applications = new ConcurrentHashMap<>();
    private final List<String> applyOrder = new CopyOnWriteArrayList<>();
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
        endorsed.put(txId, new Endorsed(txId, key, args[0], args[1], amount, reads));
        return new PreparedTransaction(txId, txId.getBytes(StandardCharsets.UTF_8));
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
                    : versions.get(read.getKey());
            if (current != read.getValue()) {
                committed.put(txId, TxValidationCode.MVCC_READ_CONFLICT);
                return TxValidationCode.MVCC_READ_CONFLICT;
            }
        }
        if (!appliedKeys.containsKey(tx.key())) {
            balances.merge(tx.from(), -tx.amount(), Long::sum);
            balances.merge(tx.to(), tx.amount(), Long::sum);
            versions.merge(tx.from(), 1L, Long::sum);
            versions.merge(tx.to(), 1L, Long::sum);
            appliedKeys.put(tx.key(), txId);
            applications.merge(tx.key(), 1, Integer::sum);
            applyOrder.add(tx.key());
        }
        committed.put(txId, block);
        return block;
    }
}
