package dev.tokenomics.devnet.orderer;

import java.io.IOException;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Where the orderer hands the blocks it cuts and signs, in order: the peer's committer. Fabric's
 * peers pull blocks from the orderer over Deliver; the devnet's one peer runs in the same process,
 * so the orderer pushes them through this seam instead.
 */
public interface BlockDelivery {

    /** Commits the config block 0 of a channel whose ledger is still empty. */
    void genesis(Block block) throws IOException;

    /** Hands over the next block; waits while the peer already has its limit of blocks in flight. */
    void deliver(Block block) throws InterruptedException;

    /** False once the peer can take no more blocks: the orderer then stops accepting envelopes. */
    boolean accepting();
}
