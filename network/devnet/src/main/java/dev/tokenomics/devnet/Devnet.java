package dev.tokenomics.devnet;

import dev.tokenomics.devnet.chaincode.ChaincodeHost;
import dev.tokenomics.devnet.chaincode.ChaincodeProcess;
import dev.tokenomics.devnet.chaincode.ChaincodeServerConnection;
import dev.tokenomics.devnet.committer.BlockCommitter;
import dev.tokenomics.devnet.deliver.DeliverService;
import dev.tokenomics.devnet.endorser.Endorser;
import dev.tokenomics.devnet.endorser.EndorserService;
import dev.tokenomics.devnet.gateway.GatewayService;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.UserIdentity;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.ledger.Ledger;
import dev.tokenomics.devnet.orderer.BroadcastService;
import dev.tokenomics.devnet.orderer.OrderingService;
import dev.tokenomics.devnet.system.DefinedChaincode;
import dev.tokenomics.devnet.system.SystemChaincodes;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-peer, one-orderer Fabric network in this process, reached over real gRPC by the official
 * clients and by chaincode running in its own process. See {@link #builder()}.
 */
public final class Devnet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Devnet.class);
    public static final String HOST_ALIAS = "peer0.org1.example.com";
    private static final String DOMAIN = "org1.example.com";

    private final Builder config;
    private final Path dir;
    private final boolean ownsDir;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<ChaincodeProcess> processes = new ArrayList<>();
    private DevnetCrypto crypto;
    private ChannelLedger ledger;
    private Server server;
    private Path connectionEnv;

    private Devnet(Builder config, Path dir, boolean ownsDir) {
        this.config = config;
        this.dir = dir;
        this.ownsDir = ownsDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where clients on this machine reach the peer: {@code localhost:<port>} when it listens on
     * loopback or on every interface, else {@code <listen address>:<port>}.
     */
    public String endpoint() {
        InetAddress listen = config.listenAddress;
        String host = listen.isAnyLocalAddress() || listen.isLoopbackAddress() ? "localhost"
                : listen instanceof Inet6Address ? "[" + listen.getHostAddress() + "]" : listen.getHostAddress();
        return host + ":" + server.getPort();
    }

    /** The address the peer port is bound to (loopback unless configured otherwise). */
    public InetAddress listenAddress() {
        return config.listenAddress;
    }

    public int port() {
        return server.getPort();
    }

    public Path connectionEnv() {
        return connectionEnv;
    }

    public Path directory() {
        return dir;
    }

    public String channel() {
        return config.channel;
    }

    public String mspId() {
        return config.mspId;
    }

    public String hostAlias() {
        return HOST_ALIAS;
    }

    /** ADMIN, OPERATOR or USER1. */
    public DevnetIdentity identity(String role) {
        UserIdentity user = crypto.user(role);
        return new DevnetIdentity(user.mspId(), user.certPem(), user.keyPem());
    }

    /** The TLS CA certificate clients must trust, or null when TLS is off. */
    public Path tlsCaCert() {
        return config.tls ? crypto.tlsCaCert() : null;
    }

    /** The committed ledger, for tests that inspect blocks or state directly. */
    public Ledger ledger() {
        return ledger;
    }

    /** Process ids of the chaincode processes the devnet launched (for CPU accounting). */
    public List<Long> chaincodeProcessIds() {
        return processes.stream().map(ChaincodeProcess::pid).toList();
    }

    private void start() throws IOException {
        checkListenAddress();
        crypto = DevnetCrypto.createOrLoad(dir, config.mspId, DOMAIN);
        ledger = config.dataDir == null ? ChannelLedger.inMemory(config.channel) : ChannelLedger.open(config.dataDir, config.channel);
        closeables.add(0, ledger);

        ChaincodeDefinitions definitions = new ChaincodeDefinitions();
        ChaincodeHost chaincodes = new ChaincodeHost(config.executeTimeout, config.startupTimeout);
        for (ChaincodeSource source : config.chaincodes) {
            definitions.define(source.name(), source.version());
            chaincodes.define(source.name(), source.version());
        }
        BlockCommitter committer = new BlockCommitter(ledger, crypto.msp(), definitions);
        committer.start();
        closeables.add(0, committer);
        OrderingService ordering = OrderingService.builder(ledger, crypto, committer)
                .maxMessageCount(config.maxTransactionsPerBlock)
                .batchTimeout(config.batchTimeout)
                .build();
        ordering.start();
        closeables.add(0, ordering);

        ExecutorService rpcExecutor = daemonPool("devnet-rpc", config.rpcThreads);
        closeables.add(0, rpcExecutor::shutdownNow);
        // Shim state requests are answered from memory in microseconds: handling them on the
        // transport thread saves a thread hand-off on every chaincode round trip.
        Server chaincodeServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor()
                .maxInboundMessageSize(100 * 1024 * 1024)
                .addService(chaincodes.registrationService())
                .build()
                .start();
        closeables.add(0, () -> stopServer(chaincodeServer));
        closeables.add(0, chaincodes::close);

        SystemChaincodes systemChaincodes = new SystemChaincodes(config.channel, ledger, crypto.msp(), config.chaincodes.stream()
                .map(source -> new DefinedChaincode(source.name(), source.version(), source.packageId()))
                .toList());
        Endorser endorser = new Endorser(config.channel, ledger, crypto.msp(), crypto.peerSigner(), chaincodes, systemChaincodes, rpcExecutor);
        GatewayService gateway = new GatewayService(endorser, ordering, ledger, crypto.msp(),
                this::endpoint, rpcExecutor);
        closeables.add(0, gateway);
        NettyServerBuilder serverBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(config.listenAddress, config.port))
                .executor(rpcExecutor)
                .maxInboundMessageSize(100 * 1024 * 1024)
                .addService(gateway)
                .addService(new EndorserService(endorser));
        DeliverService deliver = new DeliverService(ledger, crypto.msp());
        closeables.add(0, deliver);
        serverBuilder.addService(deliver);
        // Legacy surface for the peer CLI and old SDKs: ProcessProposal (above) + orderer Broadcast/Deliver.
        serverBuilder.addService(new BroadcastService(ordering, deliver));
        if (config.tls) {
            serverBuilder.sslContext(GrpcSslContexts.forServer(crypto.tlsServerCert().toFile(), crypto.tlsServerKey().toFile()).build());
        }
        server = bind(serverBuilder);
        closeables.add(0, () -> stopServer(server));

        String chaincodeAddress = "127.0.0.1:" + chaincodeServer.getPort();
        for (ChaincodeSource source : config.chaincodes) {
            if (source.launched()) {
                ChaincodeProcess process = new ChaincodeProcess(source.packageId(), source.command(), chaincodeAddress,
                        dir.resolve("chaincode-" + source.name() + ".log"));
                processes.add(process);
                closeables.add(0, process);
                process.start();
            } else {
                ChaincodeServerConnection connection = new ChaincodeServerConnection(source.serverAddress(), chaincodes);
                closeables.add(0, connection);
                connection.start();
            }
        }
        for (ChaincodeSource source : config.chaincodes) {
            try {
                chaincodes.awaitRegistration(source.name(), config.startupTimeout).join();
            } catch (RuntimeException e) {
                throw new IOException("chaincode " + source.name() + " did not register within " + config.startupTimeout
                        + " (see " + dir.resolve("chaincode-" + source.name() + ".log") + ")", e);
            }
        }
        connectionEnv = dir.resolve("connection.env");
        writeConnectionEnv();
        log.info("devnet ready at {} (channel {}, MSP {}, TLS {}, chaincodes {}, height {})", endpoint(), config.channel,
                config.mspId, config.tls ? "on" : "off", config.chaincodes.stream().map(ChaincodeSource::name).toList(),
                ledger.height());
    }

    /**
     * Fails before anything is created or logged when the peer port cannot be bound, so that a
     * taken port is one message and not a half-started network. {@link #bind} still maps the
     * real bind's failure, should the port be taken in between.
     */
    private void checkListenAddress() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.listenAddress, config.port));
        } catch (IOException e) {
            throw new ListenAddressUnavailableException(config.listenAddress, config.port, e);
        }
    }

    private Server bind(NettyServerBuilder serverBuilder) {
        try {
            return serverBuilder.build().start();
        } catch (IOException e) {
            throw new ListenAddressUnavailableException(config.listenAddress, config.port, e);
        }
    }

    private void writeConnectionEnv() throws IOException {
        ConnectionEnv env = new ConnectionEnv()
                .put("PEER_ENDPOINT", endpoint())
                .put("HOST_ALIAS", HOST_ALIAS)
                .put("TLS_CA", config.tls ? crypto.tlsCaCert().toAbsolutePath() : "")
                .put("MSP_ID", config.mspId)
                .put("CHANNEL", config.channel)
                .put("CHAINCODE", config.chaincodes.isEmpty() ? "" : config.chaincodes.get(0).name());
        for (String role : List.of("ADMIN", "OPERATOR", "USER1")) {
            UserIdentity user = crypto.user(role);
            env.put(role + "_CERT", user.certPem().toAbsolutePath()).put(role + "_KEY", user.keyPem().toAbsolutePath());
        }
        env.writeTo(connectionEnv);
    }

    @Override
    public void close() {
        boolean started = !closeables.isEmpty();
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("error while stopping the devnet", e);
            }
        }
        closeables.clear();
        if (ownsDir) {
            deleteRecursively(dir);
        } else if (connectionEnv != null) {
            try {
                Files.deleteIfExists(connectionEnv);
            } catch (IOException e) {
                log.warn("could not remove {}", connectionEnv, e);
            }
        }
        if (started) {
            log.info("devnet stopped");
        }
    }

    private static void stopServer(Server server) throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private static ExecutorService daemonPool(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}", root, e);
        }
    }

    /** Configuration; every setting has a development default. */
    public static final class Builder {
        private final List<ChaincodeSource> chaincodes = new ArrayList<>();
        private Path dir;
        private Path dataDir;
        private boolean tls = true;
        private int port;
        private InetAddress listenAddress = InetAddress.getLoopbackAddress();
        private String channel = "mychannel";
        private String mspId = "Org1MSP";
        private Duration batchTimeout = Duration.ofMillis(50);
        private int maxTransactionsPerBlock = 500;
        private Duration executeTimeout = Duration.ofSeconds(30);
        /** Fabric's chaincode.startuptimeout default; a chaincode JVM on a busy 2-core machine can take a minute. */
        private Duration startupTimeout = Duration.ofSeconds(300);
        private int rpcThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private List<String> chaincodeJvmOptions = List.of();

        private Builder() {
        }

        /** A chaincode jar the devnet runs as its own JVM process (peer-launched mode). */
        public Builder chaincode(String name, Path jar) {
            chaincodes.add(ChaincodeSource.jar(name, jar, chaincodeJvmOptions));
            return this;
        }

        /** A chaincode started by the given command line (it must register to CORE_PEER_ADDRESS). */
        public Builder chaincodeCommand(String name, List<String> command) {
            chaincodes.add(ChaincodeSource.command(name, command));
            return this;
        }

        /** A chaincode server (CCaaS) at {@code host:port} that the devnet dials. */
        public Builder chaincodeServer(String name, String address) {
            chaincodes.add(ChaincodeSource.server(name, address));
            return this;
        }

        /** Options for chaincode JVMs added with {@link #chaincode} after this call. */
        public Builder chaincodeJvmOptions(List<String> options) {
            this.chaincodeJvmOptions = List.copyOf(options);
            return this;
        }

        public Builder tls(boolean on) {
            this.tls = on;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The address the peer port binds to: loopback (the default) keeps the devnet, whose
         * identities and keys are development ones, to this machine; the wildcard address
         * ({@code 0.0.0.0}) opens it to the network.
         */
        public Builder listenAddress(InetAddress address) {
            this.listenAddress = address;
            return this;
        }

        /** Where identities, connection.env and chaincode logs go; null (default) = a temp dir removed on close. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Durable blocks and state; null (default) = in memory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder mspId(String mspId) {
            this.mspId = mspId;
            return this;
        }

        public Builder batchTimeout(Duration timeout) {
            this.batchTimeout = timeout;
            return this;
        }

        public Builder maxTransactionsPerBlock(int count) {
            this.maxTransactionsPerBlock = count;
            return this;
        }

        /** How long a chaincode may take to answer one transaction (Fabric: chaincode.executetimeout, 30 s). */
        public Builder executeTimeout(Duration timeout) {
            this.executeTimeout = timeout;
            return this;
        }

        /** How long a chaincode may take to register after its process starts. */
        public Builder chaincodeStartupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public Builder rpcThreads(int threads) {
            this.rpcThreads = threads;
            return this;
        }

        public Devnet start() {
            boolean ownsDir = dir == null;
            Devnet devnet;
            try {
                Path directory = ownsDir ? Files.createTempDirectory("devnet") : Files.createDirectories(dir);
                devnet = new Devnet(this, directory.toAbsolutePath(), ownsDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the devnet directory", e);
            }
            try {
                devnet.start();
                return devnet;
            } catch (IOException | RuntimeException e) {
                devnet.close();
                throw e instanceof IOException io ? new UncheckedIOException("devnet failed to start: " + e.getMessage(), io)
                        : (RuntimeException) e;
            }
        }
    }
}
