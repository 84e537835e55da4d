package dev.tokenomics.client.bench;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The step that paces a busy wallet, measured alone: one ApplyCommands envelope of transfers is
 * endorsed again and again and never submitted, so the ledger does not change and every
 * endorsement does the same work (each command's idempotency record read and written, its wallets
 * read once per envelope). A wallet's envelopes run one after another (the next is endorsed only
 * once the last has committed), so a hot wallet's rate is bounded by commands / (endorse + submit +
 * commit); endorsing is most of that. Run one at a time, endorsements vary far less than end-to-end
 * runs, which makes this the figure for changes to the chaincode, the shim or the peer's side.
 */
@Command(name = "bench-endorse", mixinStandardHelpOptions = true,
        description = "Endorses one ApplyCommands envelope of transfers over and over, never submitted: time and CPU per endorsement.")
public final class EndorseBenchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, description = "connection.env of the network")
    Path env;

    @Option(names = "--devnet-pid", description = "pid of the devnet process (its chaincode is its child), for their CPU")
    Long devnetPid;

    @Option(names = "--commands", defaultValue = "1000", description = "transfers in the envelope (default ${DEFAULT-VALUE}, the submitter's --max-per-tx)")
    int commands;

    @Option(names = "--wallets", defaultValue = "200", description = "wallets the transfers are drawn among (default ${DEFAULT-VALUE})")
    int wallets;

    @Option(names = "--hot", description = "every transfer from one wallet (bench-0), as a hot wallet's envelope")
    boolean hot;

    @Option(names = "--endorsements", defaultValue = "30", description = "measured endorsements (default ${DEFAULT-VALUE})")
    int endorsements;

    @Option(names = "--warmup-endorsements", defaultValue = "30",
            description = "unmeasured endorsements first, while the JIT compiles the hot paths (default ${DEFAULT-VALUE})")
    int warmupEndorsements;

    @Override
    public Integer call() throws Exception {
        if (commands < 1 || wallets < 2 || endorsements < 1 || warmupEndorsements < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --commands >= 1, --wallets >= 2, --endorsements >= 1, --warmup-endorsements >= 0");
        }
        FabricConnectionConfig config = ConnectionSettings.fromFile(env).resolve("ADMIN");
        try (FabricConnection connection = FabricConnection.open(config, Duration.ofMinutes(1))) {
            Contract contract = connection.network().getContract(config.chaincode());
            BenchWallets.setUp(contract, config.mspId(), wallets);
            String envelope = envelope();
            int applied = applied(endorse(contract, envelope));
            if (applied != commands) {
                System.err.printf("bench-endorse: the chaincode applied %d of the envelope's %d transfers; the figures would not be comparable%n",
                        applied, commands);
                return 1;
            }
            for (int i = 0; i < warmupEndorsements; i++) {
                endorse(contract, envelope);
            }
            List<ProcessCpu> processes = ProcessCpu.clientAndDevnet(devnetPid);
            Map<String, Duration> before = ProcessCpu.totals(processes);
            long[] nanos = new long[endorsements];
            for (int i = 0; i < endorsements; i++) {
                long started = System.nanoTime();
                endorse(contract, envelope);
                nanos[i] = System.nanoTime() - started;
            }
            Map<String, Duration> used = ProcessCpu.usedSince(processes, before);
            print(nanos, used);
        }
        return 0;
    }

    /**
     * {"commands":[...]} of transfers of 1 token, drawn with a fixed seed, each item written by the
     * outbox's own packing ({@link Outbox#envelopeItemOf}) under the chaincode key of tenant "bench".
     */
    private String envelope() {
        Random random = new Random(42);
        StringBuilder json = new StringBuilder("{\"commands\":[");
        for (int i = 0; i < commands; i++) {
            int from = hot ? 0 : random.nextInt(wallets);
            int to = random.nextInt(wallets - 1);
            if (to >= from) {
                to++;
            }
            String payload = "{\"fromId\":\"" + BenchWallets.id(from) + "\",\"toId\":\"" + BenchWallets.id(to) + "\",\"amount\":1}";
            json.append(i == 0 ? "" : ",").append(Outbox.envelopeItemOf("TRANSFER", payload, Outbox.chaincodeKey("bench", "endorse-" + i)));
        }
        return json.append("]}").toString();
    }

    private static Transaction endorse(Contract contract, String envelope) throws Exception {
        return contract.newProposal("ApplyCommands").addArguments(envelope).build().endorse();
    }

    /** How many items the endorsement's result reports applied (each outcome is one JSON field). */
    private static int applied(Transaction endorsed) {
        String result = new String(endorsed.getResult(), StandardCharsets.UTF_8);
        return result.split("\"outcome\":\"APPLIED\"", -1).length - 1;
    }

    private void print(long[] nanos, Map<String, Duration> used) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p50 = Percentile.millis(sorted, 50);
        System.out.printf("%d-command envelope (%s), %d endorsements after %d unmeasured:%n", commands,
                hot ? "every transfer from bench-0" : "transfers among " + wallets + " wallets", endorsements, warmupEndorsements);
        System.out.printf("  endorse ms: p50 %.1f, p90 %.1f, min %.1f, max %.1f (%.0f commands/s endorsed at p50)%n",
                p50, Percentile.millis(sorted, 90), sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, commands / (p50 / 1e3));
        long total = used.values().stream().mapToLong(Duration::toNanos).sum();
        System.out.printf("  CPU ms per endorsement %s: %s, %.1f in all (%.3f ms per command)%n", used.keySet(),
                used.values().stream().map(cpu -> String.format("%.1f", cpu.toNanos() / 1e6 / endorsements)).collect(Collectors.joining(" / ")),
                total / 1e6 / endorsements, total / 1e6 / endorsements / commands);
    }
}
