package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.outbox.FabricCommandLedger;
import dev.tokenomics.client.outbox.RetryPolicy;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.outbox.SubmitterHooks;
import dev.tokenomics.client.outbox.SubmitterSettings;
import dev.tokenomics.client.projector.Checkpoints;
import dev.tokenomics.client.projector.FabricBlockSource;
import dev.tokenomics.client.projector.LedgerGenesis;
import dev.tokenomics.client.readmodel.OutboxSummary;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "submitter", mixinStandardHelpOptions = true,
        description = "Deliver outbox commands to Fabric with N workers (run as many processes as you like).",
        footer = {"Exit 4 at start if the ledger's genesis block is not the one the read model follows (see projector --help).",
                "Example: submitter --connection .devnet/connection.env --workers 4 --until-idle"})
final class SubmitterCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    FabricOptions fabric;

    @Mixin
    TenantOption tenant;

    @Option(names = "--workers", defaultValue = "4", description = "Worker threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--batch", defaultValue = "32", description = "Commands claimed per worker cycle (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lease", defaultValue = "PT5M", description = "Lease of a claimed command, renewed while in flight (default: ${DEFAULT-VALUE})")
    Duration lease;

    @Option(names = "--poll", defaultValue = "PT0.1S", description = "Idle poll interval (default: ${DEFAULT-VALUE})")
    Duration poll;

    @Option(names = "--max-attempts", defaultValue = "10",
            description = "Attempts that did not end in an MVCC conflict (timeouts, takeovers) before FAILED RETRIES_EXHAUSTED (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--max-conflicts", defaultValue = "" + RetryPolicy.DEFAULT_MAX_CONFLICTS,
            description = "MVCC conflicts (each re-endorsed) before FAILED RETRIES_EXHAUSTED (default: ${DEFAULT-VALUE})")
    int maxConflicts;

    @Option(names = "--until-idle", description = "Exit once the tenant has no PENDING or PROCESSING command left")
    boolean untilIdle;

    @Option(names = "--progress", defaultValue = "PT2S", description = "Progress line interval (default: ${DEFAULT-VALUE})")
    Duration progress;

    @Override
    public Integer call() throws Exception {
        SubmitterSettings settings = SubmitterSettings.defaults(tenant.tenant).withWorkers(workers).withBatchSize(batch)
                .withLease(lease).withPollInterval(poll)
                .withRetry(new RetryPolicy(maxAttempts, RetryPolicy.defaults().baseDelay(), RetryPolicy.defaults().maxDelay(), maxConflicts));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        try (Database database = db.openMigrated(); FabricConnection connection = fabric.connect();
             Submitter submitter = new Submitter(database.dataSource(), new FabricCommandLedger(connection.contract()), settings,
                     SubmitterHooks.NONE)) {
            LedgerGenesis.requireFollowed(new Checkpoints(database.dataSource()), new FabricBlockSource(connection.network()), tenant.tenant,
                    connection.config().channel());
            submitter.start();
            long started = System.nanoTime();
            while (!stop.await(progress.toMillis(), TimeUnit.MILLISECONDS)) {
                OutboxSummary summary = OutboxSummary.of(database.dataSource(), tenant.tenant);
                long waiting = summary.byStatus().getOrDefault("PENDING", 0L) + summary.byStatus().getOrDefault("PROCESSING", 0L);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("submitter: %.0fs committed=%d failed=%d retried=%d conflicts=%d (%.1f/s) waiting=%d%n", seconds,
                        submitter.stats().committed(), submitter.stats().failed(), submitter.stats().retried(),
                        submitter.stats().conflicts(), submitter.stats().committed() / Math.max(seconds, 0.001), waiting);
                if (untilIdle && waiting == 0) {
                    break;
                }
            }
            System.out.println("submitter: done, " + submitter.stats());
            return 0;
        }
    }
}
