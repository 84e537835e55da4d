package dev.tokenomics.client.support;

import dev.tokenomics.client.projector.BlockSource;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Serves pre-built blocks like a peer's Deliver stream: from the requested start to the end of the
 * list, then waits (as at the live tip) until the stream is closed.
 */
public final class ChainSource implements BlockSource {
    private final List<Block> blocks;

    public ChainSource(List<Block> blocks) {
        this.blocks = blocks;
    }

    @Override
    public BlockStream open(long startBlock) {
        return new BlockStream() {
            private final CountDownLatch closed = new CountDownLatch(1);
            private int next = Math.toIntExact(startBlock);

            @Override
            public boolean hasNext() {
                if (next < blocks.size()) {
                    return true;
                }
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }

            @Override
            public Block next() {
                if (next >= blocks.size()) {
                    throw new NoSuchElementException("block " + next + " is beyond the chain");
                }
                return blocks.get(next++);
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
    }
}
