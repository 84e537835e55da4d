package dev.tokenomics.devnet.ledger;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's ledger: blocks, world state by height, txid index and key history. Only the
 * committer appends (one thread); everything else reads without locks. With a data directory the
 * blocks are appended to a durable block file and everything else is rebuilt by replay on open.
 */
public final class ChannelLedger implements Ledger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelLedger.class);

    private final String channelId;
    private final BlockFile blockFile;
    private final Map<Long, Block> blocks = new ConcurrentHashMap<>();
    private final Map<ByteString, Long> numbersByHash = new ConcurrentHashMap<>();
    private final VersionedState state = new VersionedState();
    private final HistoryIndex history = new HistoryIndex();
    private final Map<String, TransactionStatus> txIndex = new ConcurrentHashMap<>();
    private final AtomicLong height = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Integer> pinnedHeights = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Long>> heightWaiters = new ConcurrentSkipListMap<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChannelLedger(String channelId, BlockFile blockFile) {
        this.channelId = channelId;
        this.blockFile = blockFile;
    }

    /** A ledger that lives only as long as the process. */
    public static ChannelLedger inMemory(String channelId) {
        return new ChannelLedger(channelId, null);
    }

    /** Opens (or creates) a durable ledger in {@code dataDir}, replaying its blocks. */
    public static ChannelLedger open(Path dataDir, String channelId) throws IOException {
        BlockFile file = BlockFile.open(dataDir.resolve("chains").resolve(channelId).resolve("blocks.bin"));
        ChannelLedger ledger = new ChannelLedger(channelId, file);
        List<Block> stored = file.readAll();
        for (Block block : stored) {
            if (block.getHeader().getNumber() != ledger.height()) {
                file.close();
                throw new IOException("block file of " + channelId + " holds block " + block.getHeader().getNumber()
                        + " where block " + ledger.height() + " was expected");
            }
            ledger.apply(block, BlockReplay.transactions(block));
        }
        LOG.info("Opened ledger of channel {} in {} at height {}", channelId, dataDir, ledger.height());
        return ledger;
    }

    public String channelId() {
        return channelId;
    }

    @Override
    public long height() {
        return height.get();
    }

    @Override
    public Optional<Block> block(long number) {
        return Optional.ofNullable(blocks.get(number));
    }

    @Override
    public Optional<Block> blockByHash(byte[] hash) {
        return Optional.ofNullable(numbersByHash.get(ByteString.copyFrom(hash))).flatMap(this::block);
    }

    /** The newest committed block, if any. */
    public Optional<Block> lastBlock() {
        return block(height() - 1);
    }

    @Override
    public Optional<TransactionStatus> transaction(String txId) {
        return Optional.ofNullable(txIndex.get(txId));
    }

    @Override
    public StateSnapshot snapshot() {
        while (true) {
            long h = height.get();
            pinnedHeights.merge(h, 1, Integer::sum);
            // Re-check: a pin registered after the committer moved on could miss entries it trimmed.
            if (height.get() == h) {
                return new Snapshot(h);
            }
            unpin(h);
        }
    }

    /** Completes once the ledger holds at least {@code minHeight} blocks (at once if it already does). */
    public CompletableFuture<Long> heightReached(long minHeight) {
        if (height() >= minHeight) {
            return CompletableFuture.completedFuture(height());
        }
        CompletableFuture<Long> future = heightWaiters.computeIfAbsent(minHeight, h -> new CompletableFuture<>());
        if (height() >= minHeight) {
            // the committer may have released waiters between our check and the registration
            releaseWaiters();
        }
        return future;
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeCommitListener(CommitListener listener) {
        listeners.remove(listener);
    }

    /**
     * Commits a validated block: appends it durably, indexes its txids, applies the writes of its
     * VALID transactions at version (block, index), records history, then tells the listeners.
     * {@code transactions} must describe the block's envelopes in order (see {@link BlockReplay}).
     */
    public synchronized void append(Block block, List<CommittedTransaction> transactions) throws IOException {
        if (closed.get()) {
            throw new IOException("ledger of " + channelId + " is closed");
        }
        long number = block.getHeader().getNumber();
        if (number != height()) {
            throw new IllegalArgumentException("block " + number + " cannot follow height " + height());
        }
        if (blockFile != null) {
            blockFile.append(block);
        }
        apply(block, transactions);
        List<CommittedTransaction> committed = List.copyOf(transactions);
        for (CommitListener listener : listeners) {
            try {
                listener.blockCommitted(block, committed);
            } catch (RuntimeException e) {
                LOG.error("Commit listener {} failed on block {}", listener, number, e);
            }
        }
    }

    /**
     * Order matters to readers: state entries of block b are invisible until the height passes b,
     * so they go first; the txid index is filled only after the height moved, so a reader that
     * finds a transaction committed also finds its block and sees its writes.
     */
    private void apply(Block block, List<CommittedTransaction> transactions) {
        long number = block.getHeader().getNumber();
        Map.Entry<Long, Integer> oldestPin = pinnedHeights.firstEntry(); // null-safe against a concurrent unpin
        long oldestVisible = oldestPin == null ? number : Math.min(oldestPin.getKey(), number);
        for (CommittedTransaction tx : transactions) {
            if (tx.code() != TxValidationCode.VALID) {
                continue;
            }
            Version version = new Version(number, tx.index());
            for (StateWrite write : tx.writes()) {
                state.apply(write, version, oldestVisible);
                history.record(write, number, tx.txId(), tx.timestamp());
            }
        }
        blocks.put(number, block);
        numbersByHash.put(ByteString.copyFrom(BlockHashing.headerHash(block.getHeader())), number);
        height.set(number + 1);
        for (CommittedTransaction tx : transactions) {
            if (!tx.txId().isEmpty()) {
                txIndex.putIfAbsent(tx.txId(), new TransactionStatus(tx.txId(), number, tx.index(), tx.code()));
            }
        }
        releaseWaiters();
    }

    private void releaseWaiters() {
        long h = height();
        ConcurrentNavigableMap<Long, CompletableFuture<Long>> ready = heightWaiters.headMap(h, true);
        for (Map.Entry<Long, CompletableFuture<Long>> e : ready.entrySet()) {
            if (heightWaiters.remove(e.getKey(), e.getValue())) {
                e.getValue().complete(h);
            }
        }
    }

    private void unpin(long h) {
        pinnedHeights.computeIfPresent(h, (k, count) -> count == 1 ? null : count - 1);
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true) && blockFile != null) {
            synchronized (this) {
                blockFile.close();
            }
        }
    }

    /** A read view pinned at one height; closing it lets the committer trim what it kept alive. */
    private final class Snapshot implements StateSnapshot {
        private final long snapshotHeight;
        private final AtomicBoolean released = new AtomicBoolean();

        Snapshot(long snapshotHeight) {
            this.snapshotHeight = snapshotHeight;
        }

        @Override
        public long height() {
            return snapshotHeight;
        }

        @Override
        public Optional<VersionedValue> get(String namespace, String key) {
            return state.get(namespace, key, snapshotHeight);
        }

        @Override
        public Iterator<KeyValue> range(String namespace, String startKey, String endKey) {
            return state.range(namespace, startKey, endKey, snapshotHeight);
        }

        @Override
        public List<HistoryEntry> history(String namespace, String key) {
            return history.history(namespace, key, snapshotHeight);
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                unpin(snapshotHeight);
            }
        }
    }
}
