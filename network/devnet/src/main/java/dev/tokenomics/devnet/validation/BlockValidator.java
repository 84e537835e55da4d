package dev.tokenomics.devnet.validation;

import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.ledger.CommittedTransaction;
import dev.tokenomics.devnet.ledger.Ledger;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates blocks as Fabric's committer does, in two steps so a pipeline can overlap them:
 * {@link #check(Block)} runs the signature-heavy, state-free checks of every transaction in
 * parallel and may start before the previous block is committed; {@link #complete} then runs,
 * once the ledger is at the block's height, the duplicate-txid and MVCC/phantom checks
 * sequentially in block order.
 */
public final class BlockValidator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockValidator.class);
    /** Below this many transactions per task, splitting costs more than it saves. */
    private static final int MIN_CHUNK = 8;

    private final TransactionChecks checks;
    private final ExecutorService pool;
    private final int parallelism;

    public BlockValidator(String channelId, Msp msp, ChaincodeDefinitions chaincodes, int parallelism) {
        this.checks = new TransactionChecks(channelId, msp, chaincodes);
        this.parallelism = Math.max(1, parallelism);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.parallelism, r -> {
            Thread t = new Thread(r, "devnet-validate-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The state-free verdicts of a block's transactions, being computed. */
    public static final class PendingChecks {
        private final Block block;
        private final CompletableFuture<List<CheckedTransaction>> verdicts;

        private PendingChecks(Block block, CompletableFuture<List<CheckedTransaction>> verdicts) {
            this.block = block;
            this.verdicts = verdicts;
        }

        public Block block() {
            return block;
        }
    }

    /** The final verdict of a block: its TRANSACTIONS_FILTER and what committing it changes. */
    public record Result(byte[] transactionsFilter, List<CommittedTransaction> transactions) {
    }

    public PendingChecks check(Block block) {
        int count = block.getData().getDataCount();
        int chunks = Math.max(1, Math.min(parallelism, count / MIN_CHUNK));
        int size = (count + chunks - 1) / Math.max(1, chunks);
        List<CompletableFuture<List<CheckedTransaction>>> parts = new ArrayList<>();
        for (int from = 0; from < count; from += size) {
            int start = from;
            int end = Math.min(count, from + size);
            parts.add(CompletableFuture.supplyAsync(() -> {
                List<CheckedTransaction> part = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    part.add(checks.check(block.getData().getData(i), i));
                }
                return part;
            }, pool));
        }
        CompletableFuture<List<CheckedTransaction>> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<CheckedTransaction> result = new ArrayList<>(count);
                    parts.forEach(p -> result.addAll(p.join()));
                    return result;
                });
        return new PendingChecks(block, all);
    }

    /**
     * Finishes validation against {@code committed}, a snapshot at exactly the block's number
     * (all earlier blocks applied); {@code ledger} answers the committed-duplicate lookups.
     */
    public Result complete(PendingChecks pending, Ledger ledger, StateSnapshot committed) {
        List<CheckedTransaction> checked = pending.verdicts.join();
        long number = pending.block.getHeader().getNumber();
        TxValidationCode[] codes = new TxValidationCode[checked.size()];
        for (CheckedTransaction tx : checked) {
            codes[tx.index()] = preMvccCode(tx, ledger);
        }
        markDuplicatesWithinBlock(checked, codes);

        MvccValidator mvcc = new MvccValidator(number, committed);
        List<CommittedTransaction> transactions = new ArrayList<>(checked.size());
        byte[] filter = new byte[checked.size()];
        for (CheckedTransaction tx : checked) {
            CommittedTransaction outcome = codes[tx.index()] == TxValidationCode.VALID
                    ? mvcc.validate(tx)
                    : new CommittedTransaction(tx.txId(), tx.index(), codes[tx.index()], tx.timestamp(), List.of());
            transactions.add(outcome);
            filter[tx.index()] = (byte) outcome.code().getNumber();
            if (outcome.code() != TxValidationCode.VALID) {
                LOG.info("Transaction {} at {}:{} is invalid: {}{}", tx.txId(), number, tx.index(), outcome.code(),
                        tx.reason().isEmpty() ? "" : " (" + tx.reason() + ")");
            }
        }
        return new Result(filter, transactions);
    }

    private static TxValidationCode preMvccCode(CheckedTransaction tx, Ledger ledger) {
        if (tx.structuralCode() != TxValidationCode.VALID) {
            return tx.structuralCode();
        }
        if (tx.endorserTransaction() && ledger.transaction(tx.txId()).isPresent()) {
            return TxValidationCode.DUPLICATE_TXID;
        }
        return tx.policyCode();
    }

    /** A txid already used by an earlier transaction of the block that is still VALID at this point. */
    private static void markDuplicatesWithinBlock(List<CheckedTransaction> checked, TxValidationCode[] codes) {
        Set<String> seen = new HashSet<>();
        for (CheckedTransaction tx : checked) {
            if (codes[tx.index()] != TxValidationCode.VALID || tx.txId().isEmpty()) {
                continue;
            }
            if (!seen.add(tx.txId())) {
                codes[tx.index()] = TxValidationCode.DUPLICATE_TXID;
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
