package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.ChaincodeErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A submitter's meters, tagged with its tenant (Prometheus names in gateway-client/README.md,
 * "Metrics"). Latencies are timers with percentile histograms, one sample per ledger transaction
 * (a single command or an ApplyCommands envelope) or per claim. The FAILED counter's {@code code}
 * takes only the values a submitter can write (the chaincode's codes, Fabric's validation codes and
 * the outbox's own), anything else {@code OTHER}, so its series stay few whatever the ledger says.
 * Without a registry the meters are no-ops (an empty composite registry), and nothing reaches
 * {@code Metrics.globalRegistry}.
 */
final class SubmitterMeters {
    /** Why a command went back to PENDING: the {@code kind} tag of the retries counter. */
    enum RetryKind {
        MVCC_CONFLICT, LEDGER_UNAVAILABLE, WAITING, OTHER;

        static RetryKind of(BatchOutcome.Retry retry) {
            if (retry.waiting()) {
                return WAITING;
            }
            return retry.conflict() ? MVCC_CONFLICT : retry.unanswered() ? LEDGER_UNAVAILABLE : OTHER;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String OTHER_CODE = "OTHER";
    /** The codes a FAILED command can carry (see SubmitterWorker.classify): a closed set, so the counter's series are bounded. */
    static final Set<String> KNOWN_CODES = Stream.of(
                    Stream.of(ChaincodeErrorCode.values()).map(Enum::name),
                    Stream.of(TxValidationCode.values()).filter(code -> code != TxValidationCode.UNRECOGNIZED).map(Enum::name),
                    Stream.of("INVALID_COMMAND", "CHAINCODE_ERROR", "RETRIES_EXHAUSTED", "EXPIRED"))
            .flatMap(codes -> codes).collect(Collectors.toUnmodifiableSet());

    private static final Duration LATENCY_MIN = Duration.ofMillis(1);
    private static final Duration LATENCY_MAX = Duration.ofMinutes(2);

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> gauges = new ArrayList<>();
    final Timer claim;
    final Timer endorse;
    final Timer submit;
    final Timer commit;
    final Timer throttleWait;
    private final DistributionSummary commandsPerTransaction;
    private final Counter committed;
    private final Map<String, Counter> failedByCode = new ConcurrentHashMap<>();
    private final Map<RetryKind, Counter> retries = new EnumMap<>(RetryKind.class);
    private final Counter takeovers;
    private final Counter resubmissions;
    private final Counter throttled;
    private final Counter crashes;

    /** Meters that record nothing. */
    static SubmitterMeters none() {
        return new SubmitterMeters(new CompositeMeterRegistry(), TenantIds.DEFAULT);
    }

    SubmitterMeters(MeterRegistry registry, String tenantId) {
        this.registry = registry;
        this.tags = Tags.of("tenant", tenantId);
        claim = latency("tokenomics.submitter.claim", "One claim of due commands (a short database transaction)");
        endorse = latency("tokenomics.submitter.endorse", "Endorsement of one ledger transaction (a command or an envelope)");
        submit = latency("tokenomics.submitter.submit", "Handing one endorsed transaction to the orderer");
        commit = latency("tokenomics.submitter.commit", "From submitted to the transaction's commit status");
        throttleWait = Timer.builder("tokenomics.submitter.throttle.wait")
                .description("Waits of a transaction for the submitter's cap on transactions per second").tags(tags).register(registry);
        commandsPerTransaction = DistributionSummary.builder("tokenomics.submitter.transaction.commands")
                .description("Commands carried by one ledger transaction as packed (1 for a single command)")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500).tags(tags).register(registry);
        committed = outcomeCounter("COMMITTED", "none");
        for (RetryKind kind : RetryKind.values()) {
            retries.put(kind, Counter.builder("tokenomics.submitter.retries").description("Commands sent back to PENDING, by why")
                    .tags(tags).tag("kind", kind.tag()).register(registry));
        }
        takeovers = counter("tokenomics.submitter.lease.takeovers", "Commands claimed from a holding whose lease expired (a dead worker's)");
        resubmissions = counter("tokenomics.submitter.resubmissions",
                "Stored transactions sent again as the same transaction (after a takeover or an outage)");
        throttled = counter("tokenomics.submitter.throttled", "Transactions that waited for the cap on transactions per second");
        crashes = counter("tokenomics.submitter.worker.crashes", "Workers that died and were replaced");
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(LATENCY_MIN).maximumExpectedValue(LATENCY_MAX).tags(tags).register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Counter outcomeCounter(String outcome, String code) {
        return Counter.builder("tokenomics.submitter.commands").description("Commands the submitter ended, by outcome and code")
                .tags(tags).tag("outcome", outcome).tag("code", code).register(registry);
    }

    /** A gauge of {@code owner}, removed by {@link #close()}. */
    <T> void gauge(String name, String description, T owner, ToDoubleFunction<T> value) {
        Gauge gauge = Gauge.builder(name, owner, value).description(description).tags(tags).register(registry);
        synchronized (gauges) {
            gauges.add(gauge);
        }
    }

    static String boundedCode(String code) {
        return code != null && KNOWN_CODES.contains(code) ? code : OTHER_CODE;
    }

    void committed(int commands) {
        committed.increment(commands);
    }

    void failed(String code) {
        failedByCode.computeIfAbsent(boundedCode(code), bounded -> outcomeCounter("FAILED", bounded)).increment();
    }

    void retried(RetryKind kind) {
        retries.get(kind).increment();
    }

    void packed(int commands) {
        commandsPerTransaction.record(commands);
    }

    void takenOver(int commands) {
        takeovers.increment(commands);
    }

    void resubmitted() {
        resubmissions.increment();
    }

    void throttled(Duration waited) {
        throttled.increment();
        throttleWait.record(waited);
    }

    void crashed() {
        crashes.increment();
    }

    /**
     * Removes the gauges, which read this submitter's state: a closed submitter is not held by the
     * registry. Counters and timers stay, as cumulative figures do.
     */
    void close() {
        synchronized (gauges) {
            gauges.forEach(registry::remove);
            gauges.clear();
        }
    }
}
