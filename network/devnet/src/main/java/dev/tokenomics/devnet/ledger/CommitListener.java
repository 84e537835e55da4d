package dev.tokenomics.devnet.ledger;

import java.util.List;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Told of each block after it is fully committed (state applied, indexes written), in block order,
 * with what committing it meant for each of its envelopes, so no listener parses the block again.
 */
@FunctionalInterface
public interface CommitListener {
    void blockCommitted(Block block, List<CommittedTransaction> transactions);
}
