package dev.tokenomics.devnet.ledger;

import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;

/** The channel's committed blocks, world state and indexes: what the endorser, gateway and deliver read. */
public interface Ledger {

    /** Number of committed blocks (block 0 is the config block). */
    long height();

    /** The committed block with that number, if the ledger has it. */
    Optional<Block> block(long number);

    /** The committed block whose header hashes (as {@link BlockHashing#headerHash}) to {@code hash}, if any. */
    Optional<Block> blockByHash(byte[] hash);

    StateSnapshot snapshot();

    /** The first occurrence of the transaction id, whatever its validation code. */
    Optional<TransactionStatus> transaction(String txId);

    /** Listeners are called after a block's state is visible, so a listener may read it at once. */
    void addCommitListener(CommitListener listener);

    void removeCommitListener(CommitListener listener);
}
