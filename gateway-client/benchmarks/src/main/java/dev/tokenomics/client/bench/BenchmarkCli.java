package dev.tokenomics.client.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tokenomics-bench.jar <benchmark>}: the benchmarks live beside the library, not in
 * it or in the CLI, so neither ships benchmark code. Each prints figures with the CPU spent per unit
 * of work; none asserts a speed.
 */
@Command(name = "tokenomics-bench", mixinStandardHelpOptions = true, version = "tokenomics-bench 0.1.0",
        description = "Benchmarks of the tokenomics client and the network it talks to.",
        footer = "Exit codes: 0 ok; 1 the benchmark failed; 2 bad flags.",
        subcommands = {TransferBenchmark.class, EndorseBenchmark.class, BenchOutboxCommand.class, BenchProjectorCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchmarkCli {
    private BenchmarkCli() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCli()).execute(args));
    }
}
