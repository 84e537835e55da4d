package dev.tokenomics.client.bench;

import dev.tokenomics.rules.ArgumentRules;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-outbox", mixinStandardHelpOptions = true,
        description = "Benchmark enqueue + claim + complete on PostgreSQL alone (ledger stubbed), in a throw-away schema.")
final class BenchOutboxCommand implements Callable<Integer> {
    @Option(names = "--db-url", description = "JDBC URL (default: $TOKENOMICS_DB_URL or the local PostgreSQL)")
    String dbUrl;

    @Option(names = "--commands", defaultValue = "50000", description = "Commands per run (default: ${DEFAULT-VALUE})")
    int commands;

    @Option(names = "--batch", defaultValue = "100", description = "Claim batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--workers", split = ",", defaultValue = "1,4,16", description = "Worker counts to run (default: ${DEFAULT-VALUE})")
    int[] workers;

    @Option(names = "--max-per-tx", defaultValue = "" + ArgumentRules.MAX_ENVELOPE_MOVEMENTS,
            description = "Commands per ledger transaction, as the submitter's --max-per-tx; a claim takes at least this many "
                    + "(default: ${DEFAULT-VALUE})")
    int maxPerTransaction;

    @Option(names = "--tx-bytes", defaultValue = "512", description = "Size of the stub transaction bytes stored per command (default: ${DEFAULT-VALUE})")
    int txBytes;

    @Override
    public Integer call() throws Exception {
        OutboxBenchmark.run(dbUrl, commands, batch, maxPerTransaction, workers, txBytes, System.out);
        return 0;
    }
}
