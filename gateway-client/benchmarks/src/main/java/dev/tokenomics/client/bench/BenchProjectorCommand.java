package dev.tokenomics.client.bench;

import dev.tokenomics.client.projector.Projector;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-projector", mixinStandardHelpOptions = true,
        description = "Benchmark projector replay (the real projector catching up on pre-built blocks) on PostgreSQL, in a throw-away schema.")
final class BenchProjectorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", description = "JDBC URL (default: $TOKENOMICS_DB_URL or the local PostgreSQL)")
    String dbUrl;

    @Option(names = "--blocks", defaultValue = "200", description = "Blocks to replay (default: ${DEFAULT-VALUE})")
    int blocks;

    @Option(names = "--per-block", defaultValue = "500", description = "Transfers per block (default: ${DEFAULT-VALUE})")
    int perBlock;

    @Option(names = "--per-transaction", defaultValue = "1",
            description = "Transfers per transaction: 1 for single transactions, more for ApplyCommands envelopes as the outbox sends them;"
                    + " divides --per-block (default: ${DEFAULT-VALUE})")
    int perTransaction;

    @Option(names = "--wallets", defaultValue = "10000", description = "Wallets (default: ${DEFAULT-VALUE})")
    int wallets;

    @Option(names = "--max-batch-commands", description = "Commands per DB transaction while catching up (default: ${DEFAULT-VALUE})")
    int maxBatchCommands = Projector.DEFAULT_MAX_BATCH_COMMANDS;

    @Option(names = "--empty-outbox",
            description = "No outbox commands to confirm (a rebuild after everything was confirmed); by default every transfer has a COMMITTED command waiting")
    boolean emptyOutbox;

    @Override
    public Integer call() throws Exception {
        if (blocks < 1 || wallets < 2 || perTransaction < 1 || perBlock < 1 || perBlock % perTransaction != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --blocks >= 1, --wallets >= 2, and --per-block a multiple of --per-transaction (both >= 1)");
        }
        ProjectorReplayBenchmark.run(dbUrl, blocks, perBlock, perTransaction, wallets, maxBatchCommands, !emptyOutbox, System.out);
        return 0;
    }
}
