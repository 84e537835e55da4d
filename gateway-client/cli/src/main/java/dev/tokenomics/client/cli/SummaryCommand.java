package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.readmodel.OutboxSummary;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print commands by status and failure reason, retries, MVCC conflicts, throughput and enqueue-to-confirmed latency.",
        exitCodeList = "1:--wait-for: the commands were not final within --wait-timeout (the summary is still printed)")
final class SummaryCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Mixin
    TenantOption tenant;

    @Option(names = "--key-prefix", defaultValue = "",
            description = "Only commands whose idempotency key starts with this, e.g. '<run>-' for one `load --run` (default: all)")
    String keyPrefix;

    @Option(names = "--wait-for", paramLabel = "COUNT",
            description = "First wait (polling in this process) until COUNT of the selected commands are CONFIRMED or FAILED: "
                    + "a benchmark's end, without a new process per poll")
    Long waitFor;

    @Option(names = "--wait-timeout", defaultValue = "PT10M", description = "How long --wait-for waits (default: ${DEFAULT-VALUE})")
    Duration waitTimeout;

    @Override
    public Integer call() throws Exception {
        if (waitFor != null && waitFor < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--wait-for must be 0 or more, was " + waitFor);
        }
        try (Database database = db.openMigrated()) {
            boolean reached = waitFor == null || awaitFinal(database);
            System.out.println(render(OutboxSummary.of(database.dataSource(), tenant.tenant, keyPrefix)));
            if (!reached) {
                spec.commandLine().getErr().println("summary: fewer than " + waitFor + " commands final after " + waitTimeout);
                return TokenomicsCli.REJECTED;
            }
            return 0;
        }
    }

    private boolean awaitFinal(Database database) throws Exception {
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        // A benchmark starts the waiter before its load and enqueues once it reads this line, so the
        // waiter's JVM start is not part of what it measures.
        spec.commandLine().getErr().println("summary: waiting for " + waitFor + " commands to be final");
        while (OutboxSummary.finalCount(database.dataSource(), tenant.tenant, keyPrefix) < waitFor) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(POLL.toNanos(), Math.max(deadline - System.nanoTime(), 0)));
        }
        return true;
    }

    static String render(OutboxSummary summary) {
        StringBuilder text = new StringBuilder("summary:\n");
        text.append("  commands by status: ").append(summary.byStatus()).append('\n');
        text.append("  failed by reason:   ").append(summary.failedByReason()).append('\n');
        text.append("  retries: ").append(summary.retries()).append(", MVCC conflicts: ").append(summary.conflicts()).append('\n');
        text.append(String.format("  throughput: %.1f confirmed commands/s (first enqueue to last confirmation)%n", summary.confirmedPerSecond()));
        text.append(String.format("  latency enqueue->confirmed: p50 %s ms, p99 %s ms%n", format(summary.p50Millis()), format(summary.p99Millis())));
        OutboxSummary.Packing packing = summary.packing();
        text.append(String.format("  ledger transactions: %d (confirmed commands per transaction: fewest %d, mean %.0f, most %d)",
                packing.transactions(), packing.fewest(), packing.mean(), packing.most()));
        return text.toString();
    }

    private static String format(Double millis) {
        return millis == null ? "-" : String.format("%.0f", millis);
    }
}
