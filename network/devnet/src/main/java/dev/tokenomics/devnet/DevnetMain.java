package dev.tokenomics.devnet;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a devnet until interrupted: {@code java -jar tokenomics-devnet.jar --dir .devnet --chaincode tokenomics=cc.jar}. */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "One-process Fabric network (gateway, deliver, orderer, peer) for development and tests.")
public final class DevnetMain implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = ".devnet", description = "Identities, connection.env and chaincode logs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", defaultValue = "7051", description = "Peer port for gateway and deliver; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--listen", defaultValue = "127.0.0.1",
            description = "Address the peer port binds to (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 for every"
                    + " interface. The devnet's keys are development keys: open it to a network you trust only.")
    InetAddress listen;

    @Option(names = "--chaincode", description = "NAME=JAR: a chaincode jar the devnet launches (repeatable).")
    Map<String, Path> chaincodes = new LinkedHashMap<>();

    @Option(names = "--ccaas", description = "NAME=HOST:PORT: a chaincode server the devnet dials (repeatable).")
    Map<String, String> chaincodeServers = new LinkedHashMap<>();

    @Option(names = "--data-dir", description = "Keep blocks and state here across restarts (default: in memory).")
    Path dataDir;

    @Option(names = "--no-tls", description = "Plaintext gRPC instead of TLS with the generated CA.")
    boolean noTls;

    @Option(names = "--batch-timeout", defaultValue = "50ms", converter = DurationConverter.class,
            description = "Cut a block this long after its first transaction, e.g. 50ms, 2s (default: ${DEFAULT-VALUE}).")
    Duration batchTimeout;

    @Option(names = "--max-block-txs", defaultValue = "500", description = "Cut a block at this many transactions (default: ${DEFAULT-VALUE}).")
    int maxBlockTransactions;

    /** A bad flag, or an address or port this machine cannot listen on: exit status 2, as for a usage error. */
    static final int CANNOT_LISTEN = 2;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DevnetMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Devnet.Builder builder = Devnet.builder()
                .dir(dir)
                .port(port)
                .listenAddress(listen)
                .dataDir(dataDir)
                .tls(!noTls)
                .batchTimeout(batchTimeout)
                .maxTransactionsPerBlock(maxBlockTransactions);
        chaincodes.forEach(builder::chaincode);
        chaincodeServers.forEach(builder::chaincodeServer);
        Devnet devnet;
        try {
            devnet = builder.start();
        } catch (ListenAddressUnavailableException e) {
            // One line a user can act on; the stack trace says nothing more.
            System.err.println("devnet: " + e.getMessage());
            return CANNOT_LISTEN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            devnet.close();
            stopped.countDown();
        }, "devnet-shutdown"));
        System.out.println("devnet listening on " + devnet.listenAddress().getHostAddress() + ":" + devnet.port()
                + ", clients use " + devnet.endpoint() + " (TLS " + (noTls ? "off" : "on") + ")");
        System.out.println("connection settings: " + devnet.connectionEnv());
        stopped.await();
        return 0;
    }

    /** Accepts 50ms, 2s, 1m or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        }
    }
}
