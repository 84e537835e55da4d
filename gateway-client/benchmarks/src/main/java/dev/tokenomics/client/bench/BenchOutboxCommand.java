package dev.tokenomics.client.bench;

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

    @Option(names = "--tx-bytes", defaultValue = "512", description = "Size of the stub transaction bytes stored per command (default: ${DEFAULT-VALUE})")
    int txBytes;

    @Override
    public Integer call() throws Exception {
        OutboxBenchmark.run(dbUrl, commands, batch, workers, txBytes, System.out);
        return 0;
    }
}
