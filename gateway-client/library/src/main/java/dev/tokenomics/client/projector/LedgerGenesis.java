package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.hyperledger.fabric.client.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check a process that writes to the ledger (the submitter) makes before it starts: the
 * ledger's block 0 must be the genesis block the read model follows, or its commands would land on
 * a chain the read model never sees. Nothing to compare before a projector has recorded a genesis.
 */
public final class LedgerGenesis {
    private static final Logger log = LoggerFactory.getLogger(LedgerGenesis.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private LedgerGenesis() {
    }

    /** Throws {@link LedgerMismatchException} on another chain; waits out a peer that cannot serve block 0 yet. */
    /**
     * Throws {@link LedgerMismatchException} unless the ledger of {@code network} is the chain the
     * read model of {@code tenantId} follows (or the read model follows none yet): a submitter
     * checks this before it delivers anything, so commands never go to a ledger the projector
     * would refuse.
     */
    public static void requireFollowed(DataSource dataSource, Network network, String tenantId) throws SQLException {
        requireFollowed(new Checkpoints(dataSource), new FabricBlockSource(network), tenantId, network.getName());
    }

    static void requireFollowed(Checkpoints checkpoints, BlockSource ledger, String tenantId, String channel) throws SQLException {
        Optional<Checkpoint> checkpoint = checkpoints.checkpoint(tenantId, channel);
        if (checkpoint.isPresent() && checkpoint.get().genesisHash() != null) {
            Checkpoints.requireGenesis(checkpoint.get(), hashOfBlockZero(ledger), tenantId, channel);
        }
    }

    private static ByteString hashOfBlockZero(BlockSource ledger) {
        while (true) {
            try {
                return BlockHash.of(ledger.read(0).getHeader());
            } catch (RuntimeException e) {
                log.warn("cannot read the ledger's genesis block yet ({}); retrying in {}", e.getMessage(), RETRY);
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }
}
