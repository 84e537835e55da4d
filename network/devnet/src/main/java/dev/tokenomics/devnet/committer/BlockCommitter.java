package dev.tokenomics.devnet.committer;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.ledger.BlockReplay;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.orderer.BlockDelivery;
import dev.tokenomics.devnet.validation.BlockValidator;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's committer as the second stage of a pipeline: each delivered block starts its parallel
 * signature checks at once, on the orderer's thread; the committer thread then finishes blocks in
 * order (duplicate txids, MVCC), writes their TRANSACTIONS_FILTER and appends them to the ledger.
 * Block N+1 is thus cut and verified while block N commits.
 */
public final class BlockCommitter implements BlockDelivery, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockCommitter.class);
    /** Blocks delivered but not yet committed; bounds memory and pushes back on the orderer. */
    private static final int BLOCKS_IN_FLIGHT = 2;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** A config block's one transaction: the devnet's channel config is never validated, it defines the channel. */
    private static final byte[] GENESIS_FILTER = {(byte) TxValidationCode.VALID_VALUE};

    private final ChannelLedger ledger;
    private final BlockValidator validator;
    /** Delivered blocks in order; an empty element tells the committer thread to stop. */
    private final BlockingQueue<Optional<BlockValidator.PendingChecks>> delivered = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private Thread committer;

    public BlockCommitter(ChannelLedger ledger, Msp msp, ChaincodeDefinitions chaincodes) {
        this.ledger = ledger;
        this.validator = new BlockValidator(ledger.channelId(), msp, chaincodes, Runtime.getRuntime().availableProcessors());
    }

    /** Starts the committer thread; blocks delivered before it starts wait in the queue. */
    public synchronized void start() {
        if (committer != null) {
            throw new IllegalStateException("already started");
        }
        committer = new Thread(this::commitLoop, "devnet-committer-" + ledger.channelId());
        committer.start();
    }

    @Override
    public void genesis(Block block) throws IOException {
        Block committed = withTransactionsFilter(block, GENESIS_FILTER);
        ledger.append(committed, BlockReplay.transactions(committed));
    }

    @Override
    public void deliver(Block block) throws InterruptedException {
        delivered.put(Optional.of(validator.check(block)));
    }

    @Override
    public boolean accepting() {
        return accepting.get();
    }

    private void commitLoop() {
        try {
            while (true) {
                Optional<BlockValidator.PendingChecks> pending = delivered.take();
                if (pending.isEmpty()) {
                    return;
                }
                commit(pending.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            accepting.set(false);
            LOG.error("Committer of channel {} stopped: the ledger cannot take more blocks", ledger.channelId(), e);
        }
    }

    private void commit(BlockValidator.PendingChecks pending) throws IOException {
        BlockValidator.Result result;
        try (StateSnapshot committed = ledger.snapshot()) {
            result = validator.complete(pending, ledger, committed);
        }
        Block block = withTransactionsFilter(pending.block(), result.transactionsFilter());
        ledger.append(block, result.transactions());
        LOG.debug("Committed block {} with {} transactions", block.getHeader().getNumber(), result.transactions().size());
    }

    /** One validation code byte per envelope, in the slot the orderer left empty for the peer. */
    private static Block withTransactionsFilter(Block block, byte[] filter) {
        return block.toBuilder()
                .setMetadata(block.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(filter)))
                .build();
    }

    /**
     * Commits the blocks already delivered, then stops the committer thread. Close the orderer
     * first, so that every envelope it accepted has been delivered.
     */
    @Override
    public synchronized void close() {
        accepting.set(false);
        try {
            // a committer that stopped on a ledger failure no longer drains the queue: don't wait on it
            if (committer != null && committer.isAlive()) {
                delivered.offer(Optional.empty(), SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                committer.join(SHUTDOWN_GRACE.toMillis());
                committer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            validator.close();
        }
    }
}
