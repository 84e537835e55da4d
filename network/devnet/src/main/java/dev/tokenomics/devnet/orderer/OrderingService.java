package dev.tokenomics.devnet.orderer;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.BlockHashing;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Solo orderer: admits envelopes after the ingress checks, and its cutter thread batches them into
 * blocks (by count, preferred size or timeout), signs each block and hands it to the peer's
 * committer ({@link BlockDelivery}). It reads the chain's tip from the peer's ledger at start, as
 * it keeps no ledger of its own.
 */
public final class OrderingService implements Orderer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderingService.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final ChannelLedger ledger;
    private final DevnetCrypto crypto;
    private final EnvelopeIngress ingress;
    private final BlockDelivery peer;
    private final int maxMessageCount;
    private final int preferredMaxBytes;
    private final Duration batchTimeout;
    private final BlockingQueue<ByteString> admitted;
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicBoolean cutting = new AtomicBoolean();
    private Thread cutter;

    private OrderingService(Builder b) {
        this.ledger = b.ledger;
        this.crypto = b.crypto;
        this.ingress = new EnvelopeIngress(ledger.channelId(), crypto.msp(), b.maxEnvelopeBytes);
        this.peer = b.peer;
        this.maxMessageCount = b.maxMessageCount;
        this.preferredMaxBytes = b.preferredMaxBytes;
        this.batchTimeout = b.batchTimeout;
        this.admitted = new LinkedBlockingQueue<>(b.maxPendingEnvelopes);
    }

    /** {@code ledger} is the peer's, read for the chain's tip; {@code peer} commits the blocks into it. */
    public static Builder builder(ChannelLedger ledger, DevnetCrypto crypto, BlockDelivery peer) {
        return new Builder(ledger, crypto, peer);
    }

    /** Has the peer commit the config block if the ledger is empty, then starts cutting. */
    public synchronized void start() throws IOException {
        if (cutter != null) {
            throw new IllegalStateException("already started");
        }
        if (ledger.height() == 0) {
            peer.genesis(ConfigBlock.create(ledger.channelId(), crypto, crypto.peerSigner()));
        }
        Block last = ledger.lastBlock().orElseThrow();
        accepting.set(true);
        cutting.set(true);
        cutter = new Thread(() -> cutLoop(last.getHeader().getNumber() + 1, ByteString.copyFrom(BlockHashing.headerHash(last.getHeader()))),
                "devnet-cutter-" + ledger.channelId());
        cutter.start();
        LOG.info("Ordering on channel {} from block {}: up to {} transactions or {} ms per block",
                ledger.channelId(), last.getHeader().getNumber() + 1, maxMessageCount, batchTimeout.toMillis());
    }

    @Override
    public void broadcast(Envelope envelope) throws OrdererRejection {
        if (!accepting.get() || !peer.accepting()) {
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
                    if (next.size() > preferredMaxBytes) {
                        // As Fabric's block cutter: an envelope larger than a preferred block is a
                        // block of its own at once; waiting out the timeout could add nothing to it.
                        previousHash = cutBlock(number++, previousHash, List.of(next));
                        continue;
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
        }
    }

    /** Assembles and signs the block and hands it to the peer; returns its header hash for the next block. */
    private ByteString cutBlock(long number, ByteString previousHash, List<ByteString> envelopes) throws InterruptedException {
        Block block = BlockAssembly.signed(BlockAssembly.unsigned(number, previousHash, envelopes), crypto.peerSigner(), 0);
        peer.deliver(block);
        return ByteString.copyFrom(BlockHashing.headerHash(block.getHeader()));
    }

    /** Stops accepting, cuts what was already admitted and hands it to the peer, then stops the cutter. */
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final ChannelLedger ledger;
        private final DevnetCrypto crypto;
        private final BlockDelivery peer;
        private int maxMessageCount = 500;
        private int preferredMaxBytes = 2 * 1024 * 1024;
        private int maxEnvelopeBytes = 10 * 1024 * 1024;
        private int maxPendingEnvelopes = 100_000;
        private Duration batchTimeout = Duration.ofMillis(50);

        private Builder(ChannelLedger ledger, DevnetCrypto crypto, BlockDelivery peer) {
            this.ledger = ledger;
            this.crypto = crypto;
            this.peer = peer;
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

        public OrderingService build() {
            return new OrderingService(this);
        }
    }
}
