package dev.tokenomics.devnet.gateway;

import dev.tokenomics.devnet.ledger.CommitListener;
import dev.tokenomics.devnet.ledger.CommittedTransaction;
import dev.tokenomics.devnet.ledger.Ledger;
import dev.tokenomics.devnet.ledger.TransactionStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hyperledger.fabric.protos.common.Block;

/**
 * CommitStatus waiters, keyed by tx id. A waiter is registered before the ledger's txid index is
 * consulted (commit/finder.go), so a block committing in between is seen either by the index
 * lookup or by the listener, never by neither. One listener serves every waiter, and it reads the
 * tx ids the committer already took from the block, however many clients wait.
 */
final class CommitWaiters implements CommitListener, AutoCloseable {
    private final Ledger ledger;
    private final Map<String, List<CompletableFuture<TransactionStatus>>> waiters = new ConcurrentHashMap<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "commit-status-notifier");
        t.setDaemon(true);
        return t;
    });

    CommitWaiters(Ledger ledger) {
        this.ledger = ledger;
        ledger.addCommitListener(this);
    }

    /** Completes with the first committed occurrence of the tx id, now or when its block commits. */
    CompletableFuture<TransactionStatus> await(String txId) {
        CompletableFuture<TransactionStatus> waiter = new CompletableFuture<>();
        waiters.compute(txId, (k, list) -> {
            List<CompletableFuture<TransactionStatus>> waiting = list == null ? new CopyOnWriteArrayList<>() : list;
            waiting.add(waiter);
            return waiting;
        });
        ledger.transaction(txId).ifPresent(status -> complete(txId, status));
        waiter.whenComplete((s, e) -> forget(txId, waiter));
        return waiter;
    }

    private void forget(String txId, CompletableFuture<TransactionStatus> waiter) {
        waiters.computeIfPresent(txId, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void blockCommitted(Block block, List<CommittedTransaction> transactions) {
        if (waiters.isEmpty()) {
            return;
        }
        notifier.execute(() -> {
            for (CommittedTransaction tx : transactions) {
                if (!tx.txId().isEmpty() && waiters.containsKey(tx.txId())) {
                    // The index, not this block, decides: a duplicate txid reports its first occurrence.
                    ledger.transaction(tx.txId()).ifPresent(status -> complete(tx.txId(), status));
                }
            }
        });
    }

    private void complete(String txId, TransactionStatus status) {
        List<CompletableFuture<TransactionStatus>> list = waiters.get(txId);
        if (list != null) {
            list.forEach(w -> w.complete(status));
        }
    }

    @Override
    public void close() {
        ledger.removeCommitListener(this);
        notifier.shutdownNow();
    }
}
