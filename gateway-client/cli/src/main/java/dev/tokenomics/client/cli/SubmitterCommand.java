package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.outbox.CommandLedger;
import dev.tokenomics.client.outbox.RetryPolicy;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.outbox.SubmitterBuilder;
import dev.tokenomics.client.projector.LedgerGenesis;
import dev.tokenomics.rules.ArgumentRules;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "submitter", mixinStandardHelpOptions = true,
        description = "Deliver outbox commands to Fabric with N workers (run as many processes as you like).",
        exitCodeList = "4:at start, the ledger's genesis block is not the one the read model follows (see projector --help)",
        footer = {"Example: submitter --connection .devnet/connection.env --workers 4 --until-idle"})
final class SubmitterCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    SubmittingFabricOptions fabric;

    @Mixin
    TenantOption tenant;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--workers", defaultValue = "4", description = "Worker threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--batch", defaultValue = "32", description = "Commands claimed per worker cycle (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--max-per-tx", defaultValue = "" + ArgumentRules.MAX_ENVELOPE_MOVEMENTS,
            description = "Commands one ledger transaction carries, 1-" + ArgumentRules.MAX_ENVELOPE_MOVEMENTS + ". Above 1, TRANSFER, BATCH_TRANSFER, MINT and BURN commands "
                    + "share ApplyCommands envelopes (a wallet's commands in enqueue order), so a busy wallet moves many commands per "
                    + "block; 1 sends each command as its own transaction (default: ${DEFAULT-VALUE})")
    int maxPerTransaction;

    @Option(names = "--linger", defaultValue = "PT0.005S",
            description = "How long a worker holding fewer commands than --max-per-tx waits for more to become due before endorsing: "
                    + "the most a lone command is delayed (default: ${DEFAULT-VALUE})")
    Duration linger;

    @Option(names = "--lease", defaultValue = "PT5M", description = "Lease of a claimed command, renewed while in flight (default: ${DEFAULT-VALUE})")
    Duration lease;

    @Option(names = "--poll", defaultValue = "PT0.1S", description = "Idle poll interval (default: ${DEFAULT-VALUE})")
    Duration poll;

    @Option(names = "--max-attempts", defaultValue = "10",
            description = "Attempts that ended without an answer for a reason other than an outage (a dead worker's commands taken over, "
                    + "an unexpected error) before FAILED RETRIES_EXHAUSTED. Waits for an unreachable ledger are not attempts "
                    + "(default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--max-conflicts", defaultValue = "" + RetryPolicy.DEFAULT_MAX_CONFLICTS,
            description = "MVCC conflicts (each re-endorsed) before FAILED RETRIES_EXHAUSTED (default: ${DEFAULT-VALUE})")
    int maxConflicts;

    @Option(names = "--expire-after",
            description = "Fail a command with EXPIRED if it could not be sent to the ledger (unreachable) this long after it was "
                    + "enqueued, e.g. PT1H. A command whose transaction was sent is never expired. Default: never")
    Duration expireAfter;

    @Option(names = "--max-tx-per-second", defaultValue = "0",
            description = "At most this many ledger transactions per second (a command or an envelope each; fractions allowed) across "
                    + "this process's workers, up to one second's worth at once, so a burst cannot flood the peers. Per process: N "
                    + "submitter processes of a tenant send up to N times this. 0: no cap (default: ${DEFAULT-VALUE})")
    double maxTxPerSecond;

    @Option(names = "--until-idle", description = "Exit once the tenant has no PENDING or PROCESSING command left")
    boolean untilIdle;

    @Option(names = "--progress", defaultValue = "PT2S", description = "Progress line interval (default: ${DEFAULT-VALUE})")
    Duration progress;

    /** Counted down by the shutdown hook (or a test) to stop. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        RetryPolicy retry = new RetryPolicy(maxAttempts, RetryPolicy.defaults().baseDelay(), RetryPolicy.defaults().maxDelay(), maxConflicts)
                .withExpireAfter(expireAfter);
        UnaryOperator<SubmitterBuilder> settings = builder -> builder.tenant(tenant.tenant).workers(workers).batchSize(batch)
                .lease(lease).pollInterval(poll).retry(retry).maxCommandsPerTransaction(maxPerTransaction).linger(linger)
                .maxTransactionsPerSecond(maxTxPerSecond);
        // The builder checks each setting as it is given: bad flags are exit 2 before anything is opened.
        settings.apply(Submitter.builder(null, (CommandLedger) null));
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        Optional<MetricsServer> endpoint = metrics.start();
        try (MetricsServer served = endpoint.orElse(null); Database database = db.openMigrated(); FabricConnection connection = fabric.connect();
             Submitter submitter = withMeters(settings.apply(Submitter.builder(database.dataSource(), connection.contract())), endpoint).build()) {
            LedgerGenesis.requireFollowed(database.dataSource(), connection.network(), tenant.tenant);
            submitter.start();
            SubmitterProgress progressLine = new SubmitterProgress(database.dataSource(), tenant.tenant, submitter.stats(), System.out);
            while (!stop.await(progress.toMillis(), TimeUnit.MILLISECONDS)) {
                if (progressLine.report() == 0 && untilIdle) {
                    break;
                }
            }
            System.out.println("submitter: done, " + submitter.stats());
            return 0;
        }
    }

    private static SubmitterBuilder withMeters(SubmitterBuilder builder, Optional<MetricsServer> endpoint) {
        return endpoint.map(server -> builder.meterRegistry(server.registry())).orElse(builder);
    }
}
