package dev.tokenomics.client.projector;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.outbox.TenantIds;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.Network;

/**
 * Settings of a {@link Projector}, from {@link Projector#builder}. Defaults: tenant {@code default},
 * chaincode {@code tokenomics}, a 5 s lease timeout checked every second, no idle exit, batches of
 * at most {@link Projector#DEFAULT_MAX_BATCH_COMMANDS} commands, no metrics.
 */
public final class ProjectorBuilder {
    private final Database database;
    private BlockSource source;
    private String channel;
    private String chaincode = "tokenomics";
    private String tenantId = TenantIds.DEFAULT;
    private Duration leaseTimeout = ProjectorLease.DEFAULT_TIMEOUT;
    private Duration leaseCheck = Duration.ofSeconds(1);
    private Duration idleExit;
    private String holder = ManagementFactory.getRuntimeMXBean().getName();
    private Consumer<AppliedBatch> listener = applied -> { };
    private int maxBatchCommands = Projector.DEFAULT_MAX_BATCH_COMMANDS;
    private boolean rebuildFirst;
    private MeterRegistry registry;

    ProjectorBuilder(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Reads blocks from this channel of a Fabric Gateway connection. */
    public ProjectorBuilder network(Network network) {
        this.source = new FabricBlockSource(network);
        this.channel = network.getName();
        return this;
    }

    /** Reads blocks from another source (tests, replays); {@code channel} names what the checkpoint follows. */
    public ProjectorBuilder blockSource(BlockSource blocks, String channelName) {
        this.source = Objects.requireNonNull(blocks, "blocks");
        this.channel = Objects.requireNonNull(channelName, "channelName");
        return this;
    }

    /** The chaincode whose events are projected; other chaincodes' transactions only advance the checkpoint. */
    public ProjectorBuilder chaincode(String name) {
        this.chaincode = Objects.requireNonNull(name, "name");
        return this;
    }

    public ProjectorBuilder tenant(String value) {
        this.tenantId = TenantIds.require(value);
        return this;
    }

    /** How long an active instance may stay silent (paused, hung) before a standby takes over; at least 1 s. */
    public ProjectorBuilder leaseTimeout(Duration value) {
        this.leaseTimeout = Objects.requireNonNull(value, "leaseTimeout");
        return this;
    }

    /** How often the active instance pings its lock session and a standby retries; at most half the lease timeout. */
    public ProjectorBuilder leaseCheck(Duration value) {
        this.leaseCheck = Objects.requireNonNull(value, "leaseCheck");
        return this;
    }

    /** Stop after this long without a new block while active (default: run until closed). */
    public ProjectorBuilder idleExit(Duration value) {
        this.idleExit = value;
        return this;
    }

    /** Who holds the lease, as recorded with the checkpoint (default: this JVM's pid@host). */
    public ProjectorBuilder holder(String value) {
        this.holder = Objects.requireNonNull(value, "holder");
        return this;
    }

    /** Called after each database transaction of applied blocks (progress output, metrics). */
    public ProjectorBuilder onApplied(Consumer<AppliedBatch> value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /**
     * Caps the commands of one database transaction while catching up: a single transaction counts
     * one, an ApplyCommands envelope its items (the first block always goes in whole).
     */
    public ProjectorBuilder maxBatchCommands(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxBatchCommands must be positive, got " + limit);
        }
        this.maxBatchCommands = limit;
        return this;
    }

    /** Where the projector's meters go (gateway-client README, "Metrics"); default: none are recorded. */
    public ProjectorBuilder meterRegistry(MeterRegistry value) {
        this.registry = Objects.requireNonNull(value, "registry");
        return this;
    }

    /**
     * Once active, first delete this tenant's read model and checkpoint, then project the ledger
     * from block 0: the way back after a deliberate ledger reset.
     */
    public ProjectorBuilder rebuildFirst() {
        this.rebuildFirst = true;
        return this;
    }

    /** A projector; run it on a thread of its own and {@link Projector#close()} it to stop. */
    public Projector build() {
        if (source == null) {
            throw new IllegalStateException("a projector needs a network(...) or a blockSource(...)");
        }
        ProjectorLease lease = new ProjectorLease(() -> database.openDedicatedConnection(10), tenantId, channel, leaseTimeout);
        Projector projector = new Projector(source, new BlockParser(chaincode), new BlockApplier(database.dataSource(), tenantId, channel, holder),
                new Checkpoints(database.dataSource()), lease, tenantId, channel, leaseCheck, idleExit, listener);
        projector.maxBatchCommands(maxBatchCommands);
        if (registry != null) {
            projector.meters(new ProjectorMeters(registry, tenantId, channel, projector::active));
        }
        return rebuildFirst ? projector.rebuildFirst() : projector;
    }
}
