package dev.tokenomics.client.projector;

import java.util.Iterator;
import org.hyperledger.fabric.protos.common.Block;

/** Committed blocks from a start number on, in order, waiting for new ones; closing ends the wait. */
public interface BlockSource {
    BlockStream open(long startBlock);

    interface BlockStream extends Iterator<Block>, AutoCloseable {
        @Override
        void close();
    }
}
