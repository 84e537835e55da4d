package dev.tokenomics.devnet.orderer;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.BlockHashing;
import dev.tokenomics.devnet.ledger.BlockReplay;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.validation.BlockValidator;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solo orderer and committer as one pipeline of two threads: the cutter batches admitted
 * envelopes into blocks (by count, preferred size or timeout) and starts their parallel signature
 * checks at once; the committer finishes each block in order (duplicate txids, MVCC), seals its
 * metadata and appends it to the ledger. Block N+1 is thus cut and verified while block N commits.
 */
public final class OrderingService implements Orderer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderingService.class);
    /** Blocks cut but not yet committed; bounds memory and pushes back on the cutter. */
    private static final int BLOCKS_IN_FLIGHT = 2;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final ChannelLedger ledger;
    private final DevnetCrypto crypto;
    private final EnvelopeIngress ingress;
    private final BlockValidator validator;
    private final int maxMessageCount;
    private final int preferredMaxBytes;
    private final Duration batchTimeout;
    private final BlockingQueue<ByteString> admitted;
    /** Cut blocks in order; an empty element tells the committer the cutter has stopped. */
    private final BlockingQueue<Optional<BlockValidator.PendingChecks>> cut = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicBoolean cutting = new AtomicBoolean();
    private Thread cutter;
    private Thread committer;

    private OrderingService(Builder b) {
        this.ledger = b.ledger;
        this.crypto = b.crypto;
        this.ingress = new EnvelopeIngress(ledger.channelId(), crypto.msp(), b.maxEnvelopeBytes);
        this.validator = new BlockValidator(ledger.channelId(), crypto.msp(), b.chaincodes, b.validationThreads);
        this.maxMessageCount = b.maxMessageCount;
        this.preferredMaxBytes = b.preferredMaxBytes;
        this.batchTimeout = b.batchTimeout;
        this.admitted = new LinkedBlockingQueue<>(b.maxPendingEnvelopes);
    }

    public static Builder builder(ChannelLedger ledger, DevnetCrypto crypto) {
        return new Builder(ledger, crypto);
    }

    /** Writes the config block if the ledger is empty, then starts cutting and committing. */
    public synchronized void start() throws IOException {
        if (cutter != null) {
            throw new IllegalStateException("already started");
        }
        if (ledger.height() == 0) {
            Block genesis = ConfigBlock.create(ledger.channelId(), crypto, crypto.peerSigner());
            ledger.append(genesis, BlockReplay.transactions(genesis));
        }
        Block last = ledger.lastBlock().orElseThrow();
        accepting.set(true);
        cutting.set(true);
        cutter = new Thread(() -> cutLoop(last.getHeader().getNumber() + 1, ByteString.copyFrom(BlockHashing.headerHash(last.getHeader()))),
                "devnet-cutter-" + ledger.channelId());
        committer = new Thread(this::commitLoop, "devnet-committer-" + ledger.channelId());
        cutter.start();
        committer.start();
        LOG.info("Ordering on channel {} from block {}: up to {} transactions or {} ms per block",
                ledger.channelId(), last.getHeader().getNumber() + 1, maxMessageCount, batchTimeout.toMillis());
    }

    @Override
    public void broadcast(Envelope envelope) throws OrdererRejection {
        if (!accepting.get()) {
            throw new OrdererRejection(Status.SERVICE_UNAVAILABLE, "orderer is not running");
        }
        ByteString bytes = envelope.toByteString();
        ingress.admit(envelope, bytes.size());
        if (!admitted.offer(bytes)) {
            throw new OrdererRejection(Status.SERVICE_UNAVAILABLE, "orderer is overloaded: " + admitted.size() + " envelopes pending");
        }
    }

    private void cutLoop(long firstNumber, ByteString firstPreviousHash) {
        long number = firstNumber;
        ByteString previousHash = firstPreviousHash;
        List<ByteString> batch = new ArrayList<>();
        long batchBytes = 0;
        long deadline = 0;
        try {
            while (cutting.get() || !admitted.isEmpty() || !batch.isEmpty()) {
                long waitNanos = batch.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(100) : Math.max(0, deadline - System.nanoTime());
                ByteString next = admitted.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (next != null && !next.isEmpty()) {
                    if (!batch.isEmpty() && batchBytes + next.size() > preferredMaxBytes) {
                        previousHash = cutBlock(number++, previousHash, batch);
                        batch = new ArrayList<>();
                        batchBytes = 0;
                    }
                    if (batch.isEmpty()) {
                        deadline = System.nanoTime() + batchTimeout.toNanos();
                    }
                    batch.add(next);
                    batchBytes += next.size();
                }
                boolean timedOut = !batch.isEmpty() && System.nanoTime() - deadline >= 0;
                boolean draining = !cutting.get() && admitted.isEmpty();
                if (!batch.isEmpty() && (batch.size() >= maxMessageCount || timedOut || draining)) {
                    previousHash = cutBlock(number++, previousHash, batch);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Cutter of channel {} interrupted; {} admitted envelopes dropped", ledger.channelId(), batch.size() + admitted.size());
        } finally {
            enqueueEnd();
        }
    }

    /** Assembles the block and starts its state-free checks; returns its header hash for the next block. */
    private ByteString cutBlock(long number, ByteString previousHash, List<ByteString> envelopes) throws InterruptedException {
        Block block = BlockAssembly.unsigned(number, previousHash, envelopes);
        cut.put(Optional.of(validator.check(block)));
        return ByteString.copyFrom(BlockHashing.headerHash(block.getHeader()));
    }

    private void enqueueEnd() {
        try {
            cut.put(Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitLoop() {
        try {
            while (true) {
                Optional<BlockValidator.PendingChecks> pending = cut.take();
                if (pending.isEmpty()) {
                    return;
                }
                commit(pending.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            accepting.set(false);
            cutting.set(false);
            LOG.error("Committer of channel {} stopped: the ledger cannot take more blocks", ledger.channelId(), e);
        }
    }

    private void commit(BlockValidator.PendingChecks pending) throws IOException {
        BlockValidator.Result result;
        try (StateSnapshot committed = ledger.snapshot()) {
            result = validator.complete(pending, ledger, committed);
        }
        Block block = BlockAssembly.sealed(pending.block(), result.transactionsFilter(), crypto.peerSigner(), 0);
        ledger.append(block, result.transactions());
        LOG.debug("Committed block {} with {} transactions", block.getHeader().getNumber(), result.transactions().size());
    }

    /** Stops accepting, commits what was already admitted, then stops the pipeline threads. */
    @Override
    public synchronized void close() {
        accepting.set(false);
        cutting.set(false);
        // wakes a cutter waiting out a batch timeout; admitted envelopes are never empty
        admitted.offer(ByteString.EMPTY);
        try {
            if (cutter != null) {
                cutter.join(SHUTDOWN_GRACE.toMillis());
                cutter.interrupt();
            }
            if (committer != null) {
                committer.join(SHUTDOWN_GRACE.toMillis());
                committer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            validator.close();
        }
    }

    public static final class Builder {
        private final ChannelLedger ledger;
        private final DevnetCrypto crypto;
        private ChaincodeDefinitions chaincodes = new ChaincodeDefinitions();
        private int maxMessageCount = 500;
        private int preferredMaxBytes = 2 * 1024 * 1024;
        private int maxEnvelopeBytes = 10 * 1024 * 1024;
        private int maxPendingEnvelopes = 100_000;
        private Duration batchTimeout = Duration.ofMillis(50);
        private int validationThreads = Runtime.getRuntime().availableProcessors();

        private Builder(ChannelLedger ledger, DevnetCrypto crypto) {
            this.ledger = ledger;
            this.crypto = crypto;
        }

        public Builder chaincodes(ChaincodeDefinitions definitions) {
            this.chaincodes = definitions;
            return this;
        }

        public Builder maxMessageCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxMessageCount must be at least 1");
            }
            this.maxMessageCount = count;
            return this;
        }

        public Builder batchTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("batchTimeout must not be negative");
            }
            this.batchTimeout = timeout;
            return this;
        }

        public Builder preferredMaxBytes(int bytes) {
            this.preferredMaxBytes = bytes;
            return this;
        }

        public Builder maxEnvelopeBytes(int bytes) {
            this.maxEnvelopeBytes = bytes;
            return this;
        }

        public Builder maxPendingEnvelopes(int count) {
            this.maxPendingEnvelopes = count;
            return this;
        }

        public Builder validationThreads(int threads) {
            this.validationThreads = threads;
            return this;
        }

        public OrderingService build() {
            return new OrderingService(this);
        }
    }
}
