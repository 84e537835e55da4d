package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import dev.tokenomics.client.db.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector loop for one (tenant, channel): wait as a standby until the lease is ours, check
 * that the ledger's genesis block is the one the checkpoint follows, then stream blocks from the
 * checkpoint, parse them ahead on a reader thread, and apply them in DB transactions of consecutive
 * blocks: one block per transaction at the live tip, several (up to
 * {@link #DEFAULT_MAX_BATCH_COMMANDS} commands) when catching up. A watchdog pings the
 * lease every {@code leaseCheck} while it is held (the heartbeat that keeps the lock session within
 * the lease's timeout); on loss it cuts the stream so nothing more is applied, and the instance
 * goes back to standby.
 *
 * <p>Outages (peer or database down, a lost lease) are retried forever. A ledger that is not the
 * chain the read model follows ({@link LedgerMismatchException}: another genesis, a broken chain,
 * or a ledger shorter than the checkpoint) cannot be waited out: the loop stops and
 * {@link #failure()} holds the cause.
 */
public final class Projector implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    /*
     * bench-projector (500 single-transfer transactions per block, a command to confirm per
     * transfer) with at most 500, 2,000, 5,000 and 10,000 commands per DB transaction: throughput
     * rises by about a fifth up to 5,000 and PostgreSQL's CPU per transfer falls as much, since
     * fixed costs spread and a wallet touched again is written once. Beyond 5,000 the gain is a few
     * percent while a longer transaction holds its rows' locks longer. Counted in commands, not
     * transactions: an ApplyCommands envelope carries up to 1,000, so 5,000 of them would be 5
     * million read-model rows in one DB transaction, and the read-ahead would hold twice that many.
     */
    public static final int DEFAULT_MAX_BATCH_COMMANDS = 5_000;
    /** Cap of the wait between attempts while the peer or the database stays unreachable. */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final BlockSource source;
    private final BlockParser parser;
    private final BlockApplier applier;
    private final Checkpoints checkpoints;
    private final ProjectorLease lease;
    private final String tenantId;
    private final String channel;
    private final Duration leaseCheck;
    private final Duration idleExit;
    private final Consumer<AppliedBatch> listener;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<BlockSource.BlockStream> current = new AtomicReference<>();
    private final AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());
    private volatile boolean following;
    private volatile String outage;
    private final AtomicBoolean idleStop = new AtomicBoolean();
    private final ScheduledExecutorService watchdog;
    private volatile int maxBatchCommands = DEFAULT_MAX_BATCH_COMMANDS;
    private volatile boolean rebuildPending;
    private volatile LedgerMismatchException failure;
    private volatile ProjectorMeters meters = ProjectorMeters.none();
    private final CountDownLatch closed = new CountDownLatch(1);
    private int failuresInARow;

    /** A projector reading its database through {@code database} (pool and lease connections). */
    public static ProjectorBuilder builder(Database database) {
        return new ProjectorBuilder(database);
    }

    /**
     * @param idleExit stop after this long without a new block while active (null: run until closed)
     * @param listener called after each applied batch of blocks (progress output)
     */
    Projector(BlockSource source, BlockParser parser, BlockApplier applier, Checkpoints checkpoints, ProjectorLease lease,
                     String tenantId, String channel, Duration leaseCheck, Duration idleExit, Consumer<AppliedBatch> listener) {
        if (leaseCheck.multipliedBy(2).compareTo(lease.timeout()) > 0) {
            throw new IllegalArgumentException("the lease check (" + leaseCheck + ") must be at most half the lease timeout ("
                    + lease.timeout() + "): it is the heartbeat that keeps the lock session");
        }
        this.source = source;
        this.parser = parser;
        this.applier = applier;
        this.checkpoints = checkpoints;
        this.lease = lease;
        this.tenantId = tenantId;
        this.channel = channel;
        this.leaseCheck = leaseCheck;
        this.idleExit = idleExit;
        this.listener = listener;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projector-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(this::watch, leaseCheck.toMillis(), leaseCheck.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Caps the commands of one DB transaction (the first block always goes in whole); set before {@link #run()}. */
    Projector maxBatchCommands(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxBatchCommands must be positive, got " + limit);
        }
        this.maxBatchCommands = limit;
        return this;
    }

    /** Where the projector's figures go (height, lag, throughput, leadership); set before {@link #run()}. */
    Projector meters(ProjectorMeters value) {
        this.meters = value;
        return this;
    }

    /**
     * Clears the tenant's read model and checkpoint once this instance is active, before it applies
     * anything, so it projects the ledger from block 0 (after a ledger reset); set before {@link #run()}.
     */
    Projector rebuildFirst() {
        this.rebuildPending = true;
        return this;
    }

    private void watch() {
        if (!lease.held()) {
            return;
        }
        if (!lease.isAlive()) {
            log.error("projector {}/{} lost its lease; cutting the block stream", tenantId, channel);
            closeStream();
        } else if (idleExit != null && current.get() != null && System.nanoTime() - lastProgressNanos.get() > idleExit.toNanos()) {
            log.info("projector {}/{} idle for {}; stopping", tenantId, channel, idleExit);
            idleStop.set(true);
            running.set(false);
            closeStream();
        }
    }

    private void closeStream() {
        BlockSource.BlockStream stream = current.getAndSet(null);
        if (stream != null) {
            stream.close();
        }
    }

    /**
     * True while this instance holds the lease: it alone may apply blocks, whether it is
     * {@link #following()} or still waiting for the ledger or the database.
     */
    public boolean active() {
        return lease.held();
    }

    /** True while this instance is active and streams blocks from its checkpoint. */
    public boolean following() {
        return lease.held() && following;
    }

    /** The failure an active instance that is not following is waiting out (null if none since it became active or last followed). */
    public String outage() {
        return outage;
    }

    /** Time since the stream from the checkpoint opened or last delivered a batch (meaningful while {@link #following()}). */
    public Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastProgressNanos.get());
    }

    @Override
    public void run() {
        while (running.get()) {
            boolean wasActive = lease.held();
            if (!lease.tryAcquire()) {
                awaitClose(leaseCheck);
                continue;
            }
            if (!wasActive) {
                outage = null;
                log.info("projector {}/{} holds the lease: this instance is the active one", tenantId, channel);
            }
            try {
                follow();
            } catch (LedgerMismatchException e) {
                log.error("projector {}/{} stops: {}", tenantId, channel, e.getMessage());
                failure = e;
                running.set(false);
            } catch (LostLeadershipException e) {
                log.error("projector {}/{} stops applying: {}", tenantId, channel, e.getMessage());
                lease.release();
            } catch (SQLException | RuntimeException e) {
                if (!running.get()) {
                    break;
                }
                Duration delay = retryDelay(++failuresInARow);
                outage = e.toString();
                log.warn("projector {}/{}: {}; resuming from checkpoint in {}", tenantId, channel, e.toString(), delay);
                awaitClose(delay);
            } finally {
                closeStream();
            }
        }
        lease.release();
    }

    private void follow() throws SQLException {
        if (rebuildPending) {
            checkpoints.rebuild(tenantId, channel, lease);
            rebuildPending = false;
            log.warn("projector {}/{} cleared the read model and checkpoint: rebuilding from block 0", tenantId, channel);
        }
        lastProgressNanos.set(System.nanoTime());
        Checkpoint checkpoint = checkpoints.readOrCreate(tenantId, channel);
        ByteString genesis = ledgerGenesis();
        Checkpoints.requireGenesis(checkpoint, genesis, tenantId, channel);
        if (checkpoint.genesisHash() == null) {
            checkpoints.adoptGenesis(tenantId, channel, genesis);
        }
        long start = checkpoint.nextBlock();
        try {
            applyFrom(start);
        } catch (BlockNotFoundException e) {
            // Block 0 was just served, so the channel is there: NOT_FOUND means its height is below the start.
            if (start > 0) {
                throw LedgerMismatchException.missingBlocks(tenantId, channel, start);
            }
            throw e;
        }
    }

    /** Block 0's hash, read on a stream the watchdog and {@link #close()} can cut like the main one. */
    private ByteString ledgerGenesis() {
        BlockSource.BlockStream stream = source.open(0);
        current.set(stream);
        try {
            if (!stream.hasNext()) {
                throw new IllegalStateException("the block stream ended before block 0");
            }
            return BlockHash.of(stream.next().getHeader());
        } finally {
            closeStream();
        }
    }

    private void applyFrom(long start) throws SQLException {
        long next = start;
        log.info("projector {}/{} active from block {}", tenantId, channel, next);
        BlockSource.BlockStream stream = source.open(next);
        current.set(stream);
        lastProgressNanos.set(System.nanoTime());
        following = true;
        outage = null;
        meters.following(next);
        // Room for the next two batches: the applier never waits for parsing while catching up.
        try (BlockReadAhead readAhead = new BlockReadAhead(stream, parser, 2 * maxBatchCommands, "projector-reader-" + tenantId,
                meters::delivered)) {
            while (running.get() && lease.held()) {
                List<ParsedBlock> batch = readAhead.nextBatch(maxBatchCommands);
                if (batch.isEmpty()) {
                    break; // the stream ended (closed by the watchdog or by close())
                }
                requireFrom(next, batch);
                long started = System.nanoTime();
                AppliedBatch applied = applier.apply(batch, lease);
                meters.applied(applied, System.nanoTime() - started);
                failuresInARow = 0;
                next = applied.nextBlock();
                lastProgressNanos.set(System.nanoTime());
                listener.accept(applied);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false); // interrupted: stop, as close() would
            return;
        } finally {
            following = false;
            meters.stopped();
        }
        if (running.get() && !lease.held()) {
            throw new LostLeadershipException("lease lost while streaming");
        }
    }

    /** An outage is waited out forever, but its retries slow down: lease check, doubled per failure, capped. */
    private Duration retryDelay(int failures) {
        Duration delay = leaseCheck.multipliedBy(1L << Math.min(failures - 1, 10));
        Duration cap = leaseCheck.compareTo(MAX_RETRY_DELAY) > 0 ? leaseCheck : MAX_RETRY_DELAY;
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    private void awaitClose(Duration delay) {
        try {
            closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private static void requireFrom(long next, List<ParsedBlock> batch) {
        long expected = next;
        for (ParsedBlock block : batch) {
            if (block.number() != expected) {
                throw new MalformedBlockException("expected block " + expected + " but the stream delivered " + block.number());
            }
            expected++;
        }
    }

    /** Why the loop stopped for good: the ledger is not the chain the read model follows (null otherwise). */
    public LedgerMismatchException failure() {
        return failure;
    }

    /** True if the loop ended because no block arrived for the idle period. */
    public boolean stoppedIdle() {
        return idleStop.get();
    }

    @Override
    public void close() {
        running.set(false);
        closed.countDown();
        closeStream();
        watchdog.shutdownNow();
        lease.release();
        meters.close();
    }
}
