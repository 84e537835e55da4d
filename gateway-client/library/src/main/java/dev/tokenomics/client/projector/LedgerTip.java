package dev.tokenomics.client.projector;

import dev.tokenomics.client.contract.LedgerUnavailableException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the ledger's chain ends relative to the read model's checkpoint, read through the Deliver
 * service. A peer answers a request for blocks from {@code n} with block {@code n} if it exists,
 * NOT_FOUND at once if {@code n} is beyond the next block to be committed, and otherwise waits.
 * So "block c+1 is NOT_FOUND and block c-1 arrives" proves the height is exactly c, with two
 * immediate answers; a wait proves nothing and is reported as {@link Position#UNSETTLED}.
 */
final class LedgerTip implements AutoCloseable {
    /** The ledger's height compared with the read model's next block {@code c}. */
    enum Position {
        /** The ledger holds exactly blocks 0..c-1: what the read model has applied. */
        AT,
        /** The ledger holds block c (or more): the projector has not applied everything yet. */
        AHEAD,
        /** The ledger holds fewer blocks than the read model applied: another chain, a reset ledger, or a peer behind. */
        BEHIND,
        /** No definitive answer within the wait. */
        UNSETTLED
    }

    private enum Answer { BLOCK, NOT_FOUND, NO_ANSWER }

    private final BlockSource blocks;
    private final ExecutorService waiter = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "reconcile-ledger-tip");
        thread.setDaemon(true);
        return thread;
    });

    LedgerTip(BlockSource blocks) {
        this.blocks = blocks;
    }

    Position position(long nextBlock, Duration wait) throws LedgerUnavailableException {
        Answer beyond = probe(nextBlock + 1, wait);
        if (beyond == Answer.BLOCK) {
            return Position.AHEAD;
        }
        if (beyond == Answer.NO_ANSWER) {
            // The peer waits for block c+1: the height is c+1 if block c exists, else the peer was slow.
            return probe(nextBlock, wait) == Answer.BLOCK ? Position.AHEAD : Position.UNSETTLED;
        }
        if (nextBlock == 0) {
            return Position.AT;
        }
        return switch (probe(nextBlock - 1, wait)) {
            case BLOCK -> Position.AT;
            case NOT_FOUND -> Position.BEHIND;
            case NO_ANSWER -> Position.UNSETTLED; // height c-1, or a slow peer
        };
    }

    private Answer probe(long block, Duration wait) throws LedgerUnavailableException {
        BlockSource.BlockStream stream = blocks.open(block);
        try {
            Future<Answer> first = waiter.submit(() -> {
                try {
                    if (!stream.hasNext()) {
                        return Answer.NO_ANSWER;
                    }
                    stream.next();
                    return Answer.BLOCK;
                } catch (BlockNotFoundException e) {
                    return Answer.NOT_FOUND;
                }
            });
            return first.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Answer.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NO_ANSWER;
        } catch (ExecutionException e) {
            throw new LedgerUnavailableException("DELIVER", "reading block " + block + " failed: " + e.getCause().getMessage(), null,
                    e.getCause());
        } finally {
            stream.close();
        }
    }

    @Override
    public void close() {
        waiter.shutdownNow();
    }
}
