package dev.tokenomics.client.projector;

import dev.tokenomics.client.contract.LedgerUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The ledger's side of "every VALID transaction projected exactly once": a scan of the blocks the
 * read model applied, giving their VALID transactions and the rows those project (one per command
 * of an ApplyCommands envelope, else one).
 */
record AppliedBlocks(Set<String> validTransactions, Set<ProjectedRow> rows) {

    /** Blocks {@code 0..nextBlock-1}, all of which exist (the ledger's height is nextBlock). */
    static AppliedBlocks scan(BlockSource blocks, BlockParser parser, long nextBlock, Instant deadline)
            throws ReconcileTimeoutException, LedgerUnavailableException {
        AppliedBlocks valid = new AppliedBlocks(new HashSet<>(), new HashSet<>());
        if (nextBlock == 0) {
            return valid;
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reconcile-block-scan-deadline");
            thread.setDaemon(true);
            return thread;
        });
        try (BlockSource.BlockStream stream = blocks.open(0)) {
            watchdog.schedule(stream::close, Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            while (true) {
                Block next;
                try {
                    if (!stream.hasNext()) {
                        break;
                    }
                    next = stream.next();
                } catch (RuntimeException e) {
                    if (Instant.now().isAfter(deadline)) {
                        break;
                    }
                    throw new LedgerUnavailableException("DELIVER", "reading blocks failed: " + e.getMessage(), null, e);
                }
                ParsedBlock block = parser.parse(next);
                for (ParsedTransaction tx : block.transactions()) {
                    if (tx.valid()) {
                        valid.validTransactions().add(tx.txId());
                        tx.rowPositions().forEach(position -> valid.rows().add(new ProjectedRow(tx.txId(), position)));
                    }
                }
                if (block.number() >= nextBlock - 1) {
                    return valid;
                }
            }
            throw new ReconcileTimeoutException("scanning blocks 0.." + (nextBlock - 1) + " for projected transactions did not finish");
        } finally {
            watchdog.shutdownNow();
        }
    }
}
