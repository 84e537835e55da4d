package dev.tokenomics.client.projector;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Committed blocks from a start number on, in order, waiting for new ones; closing ends the wait.
 * A start beyond the ledger's next block fails with {@link BlockNotFoundException}.
 */
public interface BlockSource {
    BlockStream open(long startBlock);

    /** One block (e.g. the genesis block), waiting for it if it is the next one. */
    default Block read(long number) {
        try (BlockStream stream = open(number)) {
            if (!stream.hasNext()) {
                throw new NoSuchElementException("the block stream ended before block " + number);
            }
            return stream.next();
        }
    }

    interface BlockStream extends Iterator<Block>, AutoCloseable {
        @Override
        void close();
    }
}
