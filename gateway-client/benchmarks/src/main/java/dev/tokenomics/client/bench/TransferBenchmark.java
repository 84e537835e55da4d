package dev.tokenomics.client.bench;

import dev.tokenomics.client.contract.FabricConnection;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
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

    @Override
    public Integer call() throws Exception {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(env)) {
            settings.load(reader);
        }
        int maxClients = Arrays.stream(clients).max().orElse(1);
        ManagedChannel channel = channel(settings);
        try (Gateway gateway = gateway(settings, channel)) {
            Contract contract = gateway.getNetwork(settings.getProperty("CHANNEL")).getContract(settings.getProperty("CHAINCODE"));
            setUp(contract, settings.getProperty("MSP_ID"), maxClients);
            List<ProcessCpu> processes = new ArrayList<>();
            processes.add(ProcessCpu.of("client", ProcessHandle.current()));
            if (devnetPid != null) {
                ProcessHandle devnet = ProcessHandle.of(devnetPid).orElseThrow(() -> new IllegalArgumentException("no process " + devnetPid));
                processes.add(ProcessCpu.of("devnet", devnet));
                processes.add(ProcessCpu.descendantsOf("chaincode", devnet));
            }
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
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return 0;
    }

    /**
     * The admin's MSP is made admin by MSP id: a real network's (cryptogen) certificates carry no role
     * attribute. On a ledger whose token and genesis exist already (a network the outbox benchmark or
     * the demo used), the bench wallets are created and minted instead, by an admin of that token.
     */
    private void setUp(Contract contract, String adminMspId, int maxClients) throws Exception {
        boolean fresh = acceptedUnless(() -> contract.submitTransaction("Initialize",
                "{\"symbol\":\"BNC\",\"decimals\":0,\"adminMspIds\":[\"" + adminMspId + "\"]}"), "ALREADY_INITIALIZED");
        StringBuilder allocations = new StringBuilder("{\"allocations\":[");
        for (int i = 0; i < 2 * maxClients; i++) {
            allocations.append(i == 0 ? "" : ",").append("{\"walletId\":\"bench-").append(i)
                    .append("\",\"owner\":\"bench\",\"amount\":1000000000}");
        }
        if (fresh && acceptedUnless(() -> contract.submitTransaction("DistributeGenesis", allocations.append("]}").toString()),
                "GENESIS_ALREADY_DONE")) {
            System.out.printf("set up %d wallets by genesis%n", 2 * maxClients);
            return;
        }
        for (int i = 0; i < 2 * maxClients; i++) {
            String wallet = "bench-" + i;
            acceptedUnless(() -> contract.submitTransaction("CreateWallet", wallet, "bench"), "ALREADY_EXISTS");
            contract.submitTransaction("Mint", wallet, "1000000000", "bench-mint-" + wallet);
        }
        System.out.printf("set up %d wallets by CreateWallet and Mint on an existing token%n", 2 * maxClients);
    }

    private interface Submission {
        void run() throws Exception;
    }

    /** True if the submission was accepted, false if the chaincode refused it with {@code code}; any other failure is thrown. */
    private static boolean acceptedUnless(Submission submission, String code) throws Exception {
        try {
            submission.run();
            return true;
        } catch (EndorseException e) {
            // The chaincode's answer is in the peers' error details ("chaincode response 500, <CODE>: ...").
            if (e.getDetails().stream().anyMatch(detail -> detail.getMessage().contains(code + ":"))) {
                return false;
            }
            throw e;
        }
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
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }
    }

    private Result run(Contract contract, int clientCount, Duration duration, List<ProcessCpu> processes) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < clientCount; i++) {
            String from = "bench-" + (2 * i);
            String to = "bench-" + (2 * i + 1);
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
        Map<String, Duration> cpuBefore = cpu(processes);
        long t0 = System.nanoTime();
        start.countDown();
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Map<String, Duration> cpuAfter = cpu(processes);
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpuAfter.forEach((name, after) -> cpu.put(name, after.minus(cpuBefore.get(name))));
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, (int) failed.get(), sorted, elapsed, cpu);
    }

    private static Map<String, Duration> cpu(List<ProcessCpu> processes) {
        Map<String, Duration> totals = new LinkedHashMap<>();
        processes.forEach(p -> totals.put(p.name(), p.total()));
        return totals;
    }

    private static ManagedChannel channel(Properties settings) throws IOException {
        String[] endpoint = settings.getProperty("PEER_ENDPOINT").split(":");
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint[0], Integer.parseInt(endpoint[1]));
        String tlsCa = settings.getProperty("TLS_CA", "");
        if (tlsCa.isEmpty()) {
            return builder.usePlaintext().build();
        }
        return builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(tlsCa)).build())
                .overrideAuthority(settings.getProperty("HOST_ALIAS"))
                .build();
    }

    private Gateway gateway(Properties settings, ManagedChannel channel) throws Exception {
        try (Reader cert = Files.newBufferedReader(Path.of(settings.getProperty("ADMIN_CERT")));
             Reader key = Files.newBufferedReader(Path.of(settings.getProperty("ADMIN_KEY")))) {
            PrivateKey privateKey = Identities.readPrivateKey(key);
            Signer signer = stockSigner ? Signers.newPrivateKeySigner(privateKey) : FabricConnection.signer(privateKey);
            return Gateway.newInstance()
                    .identity(new X509Identity(settings.getProperty("MSP_ID"), Identities.readX509Certificate(cert)))
                    .signer(signer)
                    .connection(channel)
                    .connect();
        }
    }
}
