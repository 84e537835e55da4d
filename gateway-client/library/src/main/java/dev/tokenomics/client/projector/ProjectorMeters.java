package dev.tokenomics.client.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * A projector's meters, tagged with tenant and channel (Prometheus names in gateway-client/README.md,
 * "Metrics"). Heights count blocks as Fabric does (the next block's number). The ledger's height is
 * the highest block the peer has delivered to this instance, plus one: exact at the live tip (the
 * stream delivers each block as it commits), a lower bound while catching up, since the reader
 * runs at most two batches ahead. The lag in seconds is the age of the oldest block delivered and
 * not yet applied (its first transaction's timestamp), 0 when none waits: it reads the same
 * whether the instance is far behind or one block behind, and does not depend on that bound.
 * Only the active instance knows where it stands: on a standby every figure but {@code active} is
 * NaN. Without a registry the meters are no-ops.
 */
final class ProjectorMeters {
    private final MeterRegistry registry;
    /** Held here: a gauge holds its object only weakly. */
    private final BooleanSupplier active;
    private final List<Meter> gauges = new ArrayList<>();
    private final Counter transactions;
    private final Counter confirmed;
    private final Counter failed;
    private final DistributionSummary batchBlocks;
    private final Timer batch;
    private volatile boolean following;
    private volatile long height;
    private final AtomicLong delivered = new AtomicLong();
    /** Block number → timestamp of the blocks delivered and not yet applied. */
    private final ConcurrentSkipListMap<Long, Instant> waiting = new ConcurrentSkipListMap<>();

    /** Meters that record nothing. */
    static ProjectorMeters none() {
        return new ProjectorMeters(new CompositeMeterRegistry(), "", "", () -> false);
    }

    ProjectorMeters(MeterRegistry registry, String tenantId, String channel, BooleanSupplier active) {
        this.registry = registry;
        this.active = active;
        Tags tags = Tags.of("tenant", tenantId, "channel", channel);
        gauge(Gauge.builder("tokenomics.projector.active", this, meters -> meters.active.getAsBoolean() ? 1 : 0)
                .description("1 while this instance holds the projector's lock (active), 0 on a standby").tags(tags));
        gauge(Gauge.builder("tokenomics.projector.following", this, meters -> meters.following ? 1 : 0)
                .description("1 while this instance streams blocks from its checkpoint; 0 on a standby, and on an active instance "
                        + "waiting out an outage of the peer or the database").tags(tags));
        gauge(Gauge.builder("tokenomics.projector.height", this, whileFollowing(meters -> meters.height))
                .description("Blocks applied to the read model (the checkpoint's next block)").tags(tags));
        gauge(Gauge.builder("tokenomics.projector.ledger.height", this, whileFollowing(ProjectorMeters::ledgerHeight))
                .description("The ledger's height as delivered to this instance (exact at the tip, a lower bound while catching up)").tags(tags));
        gauge(Gauge.builder("tokenomics.projector.lag.blocks", this, whileFollowing(meters -> meters.ledgerHeight() - meters.height))
                .description("Blocks delivered and not yet applied").tags(tags));
        gauge(TimeGauge.builder("tokenomics.projector.lag", this, TimeUnit.SECONDS, whileFollowing(ProjectorMeters::lagSeconds))
                .description("Age of the oldest block delivered and not yet applied, 0 if none waits").tags(tags));
        transactions = Counter.builder("tokenomics.projector.transactions").description("VALID transactions applied to the read model")
                .tags(tags).register(registry);
        confirmed = commands(tags, "CONFIRMED");
        failed = commands(tags, "FAILED");
        batchBlocks = DistributionSummary.builder("tokenomics.projector.batch.blocks").description("Blocks applied in one database transaction")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000).tags(tags).register(registry);
        batch = Timer.builder("tokenomics.projector.batch").description("One database transaction of applied blocks")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .tags(tags).register(registry);
    }

    private Counter commands(Tags tags, String outcome) {
        return Counter.builder("tokenomics.projector.commands").description("Outbox commands the projector ended, by outcome")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    private <T> void gauge(Gauge.Builder<T> builder) {
        gauges.add(builder.register(registry));
    }

    private <T> void gauge(TimeGauge.Builder<T> builder) {
        gauges.add(builder.register(registry));
    }

    private static ToDoubleFunction<ProjectorMeters> whileFollowing(ToDoubleFunction<ProjectorMeters> value) {
        return meters -> meters.following ? value.applyAsDouble(meters) : Double.NaN;
    }

    private double ledgerHeight() {
        return Math.max(delivered.get(), height);
    }

    private double lagSeconds() {
        Map.Entry<Long, Instant> oldest = waiting.firstEntry();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.getValue(), Instant.now()).toNanos() / 1e9);
    }

    /** The stream from the checkpoint opened at {@code nextBlock}. */
    void following(long nextBlock) {
        waiting.clear();
        height = nextBlock;
        delivered.set(nextBlock);
        following = true;
    }

    /** The reader parsed a delivered block (on the reader's thread). */
    void delivered(ParsedBlock block) {
        delivered.accumulateAndGet(block.number() + 1, Math::max);
        if (block.timestamp() != null) {
            waiting.put(block.number(), block.timestamp());
        }
    }

    void applied(AppliedBatch applied, long nanos) {
        height = applied.nextBlock();
        waiting.headMap(applied.nextBlock()).clear();
        transactions.increment(applied.validTransactions());
        confirmed.increment(applied.confirmedCommands());
        failed.increment(applied.failedCommands());
        batchBlocks.record(applied.blocks());
        batch.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The stream ended (lease lost, outage, close): this instance no longer knows where the ledger stands. */
    void stopped() {
        following = false;
        waiting.clear();
    }

    /** Removes the gauges, which read this projector's state; counters and timers stay, as cumulative figures do. */
    void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }
}
