package dev.tokenomics.devnet.gateway;

import dev.tokenomics.devnet.ledger.CommitListener;
import dev.tokenomics.devnet.ledger.CommittedTransaction;
import dev.tokenomics.devnet.ledger.Ledger;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed blocks to a consumer strictly in order from a start number: first those already
 * on the ledger, then each new one as it commits (or waits, if the start is in the future).
 */
final class BlockFollower implements CommitListener {
    private static final Logger log = LoggerFactory.getLogger(BlockFollower.class);

    private final Ledger ledger;
    private final Executor executor;
    private final Consumer<Block> consumer;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean stopped;
    private long next;

    BlockFollower(Ledger ledger, long start, Executor executor, Consumer<Block> consumer) {
        this.ledger = ledger;
        this.next = start;
        this.executor = executor;
        this.consumer = consumer;
    }

    void start() {
        ledger.addCommitListener(this);
        schedule();
    }

    void stop() {
        stopped = true;
        ledger.removeCommitListener(this);
    }

    @Override
    public void blockCommitted(Block block, List<CommittedTransaction> transactions) {
        schedule();
    }

    private void schedule() {
        if (!stopped && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (!stopped && next < ledger.height()) {
                Block block = ledger.block(next).orElseThrow(() -> new IllegalStateException("block " + next + " missing below height"));
                consumer.accept(block);
                next++;
            }
        } catch (RuntimeException e) {
            log.error("following blocks failed at block {}", next, e);
            stop();
            throw e;
        } finally {
            draining.set(false);
        }
        // A block that committed after the height check but before the flag was cleared.
        if (!stopped && next < ledger.height()) {
            schedule();
        }
    }
}
