package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.projector.ReconcileReport;
import dev.tokenomics.client.projector.ReconcileTimeoutException;
import dev.tokenomics.client.projector.Reconciler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare the read model and the outbox with the ledger at one ledger height and check the invariants; the last"
                + " line is 'reconcile: OK' or 'reconcile: FAILED (n problems)' (exit 1, each problem printed as MISMATCH).",
                "Waits (up to --timeout) for the projector to reach the ledger's height and for a moment without new blocks,"
                        + " so a lagging projector is not a mismatch; exit 3 if that moment does not come (the message says what it saw),"
                        + " or if the ledger or database is unreachable.",
                "Commands: every CONFIRMED command's idempotency key must be processed on the ledger with this command's request"
                        + " (chaincode GetOperation), no FAILED command's request applied, no PENDING or PROCESSING command older than"
                        + " --stale-after without a recorded reason. Commands whose chaincode call carries no idempotency key"
                        + " (CREATE_WALLET, FREEZE_WALLET, UNFREEZE_WALLET) are checked by their transaction id, and skipped if they have none."},
        exitCodeList = "1:a mismatch: the read model or the outbox disagrees with the ledger, or an invariant fails")
final class ReconcileCommand implements Callable<Integer> {
    /** Room left inside --timeout for the reconcile to report why it could not compare before the command gives up on it. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Mixin
    FabricOptions fabric;

    @Mixin
    TenantOption tenant;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "Give up (exit 3) after this long (ISO-8601 duration, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--stale-after", defaultValue = "PT15M",
            description = "A PENDING or PROCESSING command older than this with no recorded reason is a problem (default ${DEFAULT-VALUE}).")
    Duration staleAfter;

    @Override
    public Integer call() throws Exception {
        Instant deadline = Instant.now().plus(timeout.compareTo(REPORT_MARGIN.multipliedBy(2)) > 0 ? timeout.minus(REPORT_MARGIN) : timeout);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "reconcile");
            thread.setDaemon(true);
            return thread;
        });
        try (Database database = db.openMigrated(); FabricConnection connection = fabric.connect()) {
            Future<ReconcileReport> run = runner.submit(() -> new Reconciler(database.dataSource(), tenant.tenant, connection.config().channel(),
                    staleAfter).reconcile(connection, deadline));
            ReconcileReport report;
            try {
                report = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return timedOut("no answer from the ledger or the database");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ReconcileTimeoutException late) {
                    return timedOut(late.getMessage());
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            System.out.println(report.render());
            return report.ok() ? 0 : TokenomicsCli.REJECTED;
        } finally {
            runner.shutdownNow();
        }
    }

    private int timedOut(String why) {
        spec.commandLine().getErr().println("reconcile: not compared within --timeout " + timeout + ": " + why);
        return TokenomicsCli.UNREACHABLE;
    }
}
