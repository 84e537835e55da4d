package dev.tokenomics.client.bench;

import dev.tokenomics.client.projector.Projector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-projector", mixinStandardHelpOptions = true,
        description = "Benchmark projector replay (the real projector catching up on pre-built blocks) on PostgreSQL, in a throw-away schema.")
final class BenchProjectorCommand implements Callable<Integer> {
    @Option(names = "--db-url", description = "JDBC URL (default: $TOKENOMICS_DB_URL or the local PostgreSQL)")
    String dbUrl;

    @Option(names = "--blocks", defaultValue = "200", description = "Blocks to replay (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--per-block", defaultValue = "500", description = "Transfers per block (default: ${DEFAULT-VALUE})")
    int perBlock;

    @Option(names = "--wallets", defaultValue = "10000", description = "Wallets (default: ${DEFAULT-VALUE})")
    int wallets;

    @Option(names = "--max-batch-transactions", description = "Transactions per DB transaction while catching up (default: ${DEFAULT-VALUE})")
    int maxBatchTransactions = Projector.DEFAULT_MAX_BATCH_TRANSACTIONS;

    @Option(names = "--empty-outbox",
            description = "No outbox commands to confirm (a rebuild after everything was confirmed); by default every transfer has a COMMITTED command waiting")
    boolean emptyOutbox;

    @Override
    public Integer call() throws Exception {
        ProjectorReplayBenchmark.run(dbUrl, blocks, perBlock, wallets, maxBatchTransactions, !emptyOutbox, System.out);
        return 0;
    }
}
