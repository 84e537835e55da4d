package dev.tokenomics.devnet.ledger;

import org.hyperledger.fabric.protos.common.Block;

/** Told of each block after it is fully committed (state applied, indexes written), in block order. */
@FunctionalInterface
public interface CommitListener {
    void blockCommitted(Block block);
}
