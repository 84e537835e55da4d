package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.readmodel.OutboxSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print commands by status and failure reason, retries, MVCC conflicts, throughput and enqueue-to-confirmed latency.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    TenantOption tenant;

    @Option(names = "--key-prefix", defaultValue = "",
            description = "Only commands whose idempotency key starts with this, e.g. '<run>-' for one `load --run` (default: all)")
    String keyPrefix;

    @Override
    public Integer call() throws Exception {
        try (Database database = db.openMigrated()) {
            System.out.println(render(OutboxSummary.of(database.dataSource(), tenant.tenant, keyPrefix)));
            return 0;
        }
    }

    static String render(OutboxSummary summary) {
        StringBuilder text = new StringBuilder("summary:\n");
        text.append("  commands by status: ").append(summary.byStatus()).append('\n');
        text.append("  failed by reason:   ").append(summary.failedByReason()).append('\n');
        text.append("  retries: ").append(summary.retries()).append(", MVCC conflicts: ").append(summary.conflicts()).append('\n');
        text.append(String.format("  throughput: %.1f confirmed commands/s (first enqueue to last confirmation)%n", summary.confirmedPerSecond()));
        text.append(String.format("  latency enqueue->confirmed: p50 %s ms, p99 %s ms", format(summary.p50Millis()), format(summary.p99Millis())));
        return text.toString();
    }

    private static String format(Double millis) {
        return millis == null ? "-" : String.format("%.0f", millis);
    }
}
