package dev.tokenomics.client.bench;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.identity.Signers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Committed Transfers per second through the official client against a running network described
 * by a connection.env: for each concurrency, that many threads each submit Transfers between their
 * own two wallets (no conflicts), one transaction in flight per thread, and the harness reports
 * throughput, commit latency p50/p99, and the CPU each process used during the measurement.
 */
@Command(name = "bench-devnet", mixinStandardHelpOptions = true,
        description = "Committed Transfers/s, commit latency and CPU per transfer through the official client, on the network of a connection.env.")
public final class TransferBenchmark implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "connection.env of the network")
    Path env;

    @Option(names = "--devnet-pid", description = "pid of the devnet process (its chaincode is its child)")
    Long devnetPid;

    @Option(names = "--clients", split = ",", defaultValue = "1,4,16,64,128")
    int[] clients;

    @Option(names = "--seconds", defaultValue = "10", description = "measured time per concurrency")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "unmeasured run before each concurrency")
    int warmupSeconds;

    @Option(names = "--jit-warmup-seconds", defaultValue = "45", description = "unmeasured run at the highest "
            + "concurrency before the first measurement, so the three JVMs' JIT has compiled the hot paths")
    int jitWarmupSeconds;

    @Option(names = "--stock-signer", description = "sign with the client's Signers.newPrivateKeySigner (BouncyCastle JCA) "
            + "instead of the library's own P-256 signer, to compare the client's CPU")
    boolean stockSigner;

    /** Generous: at 256 clients on a real network a commit's p99 is seconds. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(1);

    @Override
    public Integer call() throws Exception {
        int maxClients = Arrays.stream(clients).max().orElse(1);
        FabricConnectionConfig config = ConnectionSettings.fromFile(env).resolve("ADMIN");
        try (FabricConnection connection = FabricConnection.open(config, COMMIT_TIMEOUT,
                stockSigner ? Signers::newPrivateKeySigner : FabricConnection::signer)) {
            Contract contract = connection.network().getContract(config.chaincode());
            BenchWallets.setUp(contract, config.mspId(), 2 * maxClients);
            List<ProcessCpu> processes = ProcessCpu.clientAndDevnet(devnetPid);
            String names = processes.stream().map(ProcessCpu::name).toList().toString();
            System.out.printf("%n%-8s %12s %10s %10s %8s  %-40s %s%n", "clients", "commits/s", "p50 ms", "p99 ms", "failed",
                    "CPU % of one core " + names, "CPU ms per commit " + names);
            // Until C2 has compiled the hot paths (ECDSA field arithmetic, protobuf, gRPC) of all three
            // JVMs, a transfer costs about twice the CPU: on two busy cores that takes 30-40 s.
            run(contract, maxClients, Duration.ofSeconds(jitWarmupSeconds), List.of());
            for (int c : clients) {
                run(contract, c, Duration.ofSeconds(warmupSeconds), List.of());
                Result result = run(contract, c, Duration.ofSeconds(seconds), processes);
                System.out.printf("%-8d %12.1f %10.1f %10.1f %8d  %-40s %s%n", c, result.perSecond(), result.percentile(50),
                        result.percentile(99), result.failed, result.cpuPercent(), result.cpuMillisPerCommit());
            }
        }
        return 0;
    }

    private record Result(long committed, int failed, long[] latenciesNanos, Duration elapsed, Map<String, Duration> cpu) {
        double perSecond() {
            return committed / (elapsed.toNanos() / 1e9);
        }

        String cpuPercent() {
            return format(cpu, used -> String.format("%.0f%%", 100.0 * used.toNanos() / elapsed.toNanos()));
        }

        /** The robust figure on a shared machine: CPU each process spent per committed transfer. */
        String cpuMillisPerCommit() {
            long total = cpu.values().stream().mapToLong(Duration::toNanos).sum();
            return format(cpu, used -> String.format("%.2f", used.toNanos() / 1e6 / Math.max(1, committed)))
                    + String.format(" total %.2f", total / 1e6 / Math.max(1, committed));
        }

        private static String format(Map<String, Duration> cpu, Function<Duration, String> figure) {
            StringBuilder text = new StringBuilder();
            cpu.values().forEach(used -> text.append(text.isEmpty() ? "" : " / ").append(figure.apply(used)));
            return text.toString();
        }

        double percentile(int p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            return Percentile.millis(latenciesNanos, p);
        }
    }

    private Result run(Contract contract, int clientCount, Duration duration, List<ProcessCpu> processes) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < clientCount; i++) {
            String from = BenchWallets.id(2 * i);
            String to = BenchWallets.id(2 * i + 1);
            pool.execute(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            contract.submitTransaction("Transfer", from, to, "1");
                            latencies.add(System.nanoTime() - t0);
                        } catch (CommitException e) {
                            failed.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            System.err.println("transfer failed: " + e);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Map<String, Duration> cpuBefore = ProcessCpu.totals(processes);
        long t0 = System.nanoTime();
        start.countDown();
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Map<String, Duration> cpu = ProcessCpu.usedSince(processes, cpuBefore);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, (int) failed.get(), sorted, elapsed, cpu);
    }
}
