package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.config.ConfigException;
import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.ChaincodeErrorCode;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.LedgerUnavailableException;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.contract.Wallet;
import dev.tokenomics.client.outbox.ClaimedCommand;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.outbox.RetryPolicy;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.outbox.SubmitterBuilder;
import dev.tokenomics.client.outbox.TestSubmitters;
import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.client.support.TestGenesis;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole client against the devnet running the real chaincode jar as its own process, over
 * real gRPC with the official fabric-gateway client, on real PostgreSQL. One ledger for the class:
 * genesis once, two projectors (one active, one standby) following it throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    private static final String TENANT = "e2e";
    private static final int RANDOM_WALLETS = 50;
    private static final int CRASH_WALLETS = 20;

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static TestDatabase db;
    private static FabricConnection connection;
    private static TokenomicsContract contract;
    private static final List<Long> checkpointsSeen = new CopyOnWriteArrayList<>();
    private static final List<Projector> projectors = new ArrayList<>();
    private static final List<ProjectorLease> leases = new ArrayList<>();
    private static final List<Thread> projectorThreads = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(24);
        FabricConnectionConfig config = ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN");
        connection = FabricConnection.open(config, Duration.ofSeconds(60));
        contract = connection.contract();
        String owner = "x509::CN=e2e::CN=ca";
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("race-from", 1000L);
        for (int i = 0; i < RANDOM_WALLETS; i++) {
            balances.put(String.format("r%02d", i), 100_000L);
        }
        for (int i = 0; i < CRASH_WALLETS; i++) {
            balances.put(String.format("c%02d", i), 1_000_000L);
        }
        TestGenesis.distribute(contract, owner, balances);
        contract.createWallet("race-to", owner); // genesis allocations must be positive; an empty wallet is created
        for (String name : List.of("projector-a", "projector-b")) {
            startProjector(name);
        }
    }

    private static void startProjector(String name) {
        String channel = connection.config().channel();
        ProjectorLease lease = new ProjectorLease(() -> db.database().openDedicatedConnection(10), TENANT, channel);
        Consumer<AppliedBatch> record = applied -> checkpointsSeen.add(applied.nextBlock());
        Projector projector = new Projector(new FabricBlockSource(connection.network()), new BlockParser("tokenomics"),
                new BlockApplier(db.dataSource(), TENANT, channel, name), new Checkpoints(db.dataSource()), lease, TENANT, channel,
                Duration.ofMillis(300), null, record);
        Thread thread = new Thread(projector, name);
        thread.start();
        projectors.add(projector);
        leases.add(lease);
        projectorThreads.add(thread);
    }

    @AfterAll
    static void tearDown() throws Exception {
        projectors.forEach(Projector::close);
        for (Thread thread : projectorThreads) {
            thread.join(10_000);
        }
        if (connection != null) {
            connection.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static void enqueueTransfer(String from, String to, long amount, String key) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            Outbox.enqueue(c, NewCommand.of(TENANT, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}", key));
        }
    }

    private static Submitter submitter(int workers, Duration lease) {
        return submitter(workers, lease, command -> { });
    }

    private static Submitter submitter(int workers, Duration lease, Consumer<ClaimedCommand> afterSubmit) {
        SubmitterBuilder builder = Submitter.builder(db.dataSource(), contract).tenant(TENANT).workers(workers).batchSize(16).lease(lease)
                .pollInterval(Duration.ofMillis(20)).retry(new RetryPolicy(20, Duration.ofMillis(20), Duration.ofSeconds(1)));
        Submitter submitter = TestSubmitters.afterSubmit(builder, afterSubmit).build();
        submitter.start();
        return submitter;
    }

    /** Every command CONFIRMED (committed and projected) or FAILED. */
    private static void awaitAllTerminal() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> OutboxSummary.of(db.dataSource(), TENANT).open() == 0);
    }

    private static long ledgerBalance(String walletId) throws Exception {
        return contract.getBalance(walletId);
    }

    private static ReconcileReport reconcile() throws Exception {
        return new Reconciler(db.dataSource(), TENANT, connection.config().channel(), Duration.ofMinutes(15))
                .reconcile(contract, new FabricBlockSource(connection.network()), new BlockParser("tokenomics"), Instant.now().plusSeconds(60));
    }

    @Test
    @Order(1)
    void seedRaceConfirmsOneTransferOf800AndFailsNineWithInsufficientFunds() throws Exception {
        for (int i = 0; i < 10; i++) {
            enqueueTransfer("race-from", "race-to", 800, "race-" + i);
        }
        try (Submitter a = submitter(4, Duration.ofMinutes(5));
             Submitter b = submitter(4, Duration.ofMinutes(5))) {
            awaitAllTerminal();
        }

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'race-%' AND status = 'CONFIRMED'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'race-%' AND status = 'FAILED' "
                + "AND error_code = 'INSUFFICIENT_FUNDS'")).isEqualTo(9);
        assertThat(ledgerBalance("race-from")).isEqualTo(200);
        assertThat(ledgerBalance("race-to")).isEqualTo(800);
        WalletQuery wallets = new WalletQuery(db.dataSource());
        assertThat(wallets.byId(TENANT, "race-from").orElseThrow().balance()).isEqualTo(200);
        assertThat(wallets.byId(TENANT, "race-to").orElseThrow().balance()).isEqualTo(800);
    }

    @Test
    @Order(2)
    void threeSubmittersWithCrashesBetweenSubmitAndStatusUpdateApplyEachKeyExactlyOnce() throws Exception {
        for (int i = 0; i < 1000; i++) {
            enqueueTransfer(String.format("c%02d", i % CRASH_WALLETS), String.format("c%02d", (i + 3) % CRASH_WALLETS), 1 + i % 7, "crash-" + i);
        }
        AtomicInteger crashes = new AtomicInteger();
        Consumer<ClaimedCommand> crashy = command -> {
            if (ThreadLocalRandom.current().nextInt(60) == 0) {
                crashes.incrementAndGet();
                throw new IllegalStateException("injected crash after submitting command " + command.id());
            }
        };
        List<Submitter> submitters = List.of(submitter(3, Duration.ofSeconds(2), crashy), submitter(3, Duration.ofSeconds(2), crashy),
                submitter(3, Duration.ofSeconds(2), crashy));
        try {
            awaitAllTerminal();
        } finally {
            submitters.forEach(Submitter::close);
        }

        assertThat(crashes.get()).isPositive();
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'crash-%' AND status = 'CONFIRMED'"))
                .isEqualTo(1000);
        // Each key changed balances exactly once on the ledger: one applied transaction per key.
        assertThat(db.count("SELECT count(*) FROM (SELECT idempotency_key FROM wallet_transaction WHERE applied "
                + "AND idempotency_key LIKE 'e2e:crash-%' GROUP BY idempotency_key HAVING count(*) = 1) once")).isEqualTo(1000);
        assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE applied AND idempotency_key LIKE 'e2e:crash-%'")).isEqualTo(1000);
        long total = 0;
        for (int i = 0; i < CRASH_WALLETS; i++) {
            total += ledgerBalance(String.format("c%02d", i));
        }
        assertThat(total).isEqualTo(CRASH_WALLETS * 1_000_000L);
    }

    @Test
    @Order(3)
    void killingTheActiveProjectorMidStreamHandsOverWithoutGapsOrDuplicates() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            int from = random.nextInt(RANDOM_WALLETS);
            enqueueTransfer(String.format("r%02d", from), String.format("r%02d", (from + 1 + random.nextInt(RANDOM_WALLETS - 1)) % RANDOM_WALLETS),
                    1 + random.nextInt(20), "failover-" + i);
        }
        try (Submitter submitter = submitter(4, Duration.ofMinutes(5))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'failover-%' AND status = 'CONFIRMED'") >= 50);
            int active = projectors.get(0).active() ? 0 : 1;
            int activePid = leases.get(active).backendPid();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + activePid + ")"); // its database session dies
            }
            projectors.get(active).close(); // and the process with it
            await().atMost(Duration.ofSeconds(30)).until(() -> projectors.get(1 - active).active());
            awaitAllTerminal();
        }
        startProjector("projector-c"); // keep a standby for the rest of the class

        assertThat(checkpointsSeen).isSorted().doesNotHaveDuplicates();
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'failover-%' AND status = 'CONFIRMED'"))
                .isEqualTo(300);
        ReconcileReport report = reconcile();
        assertThat(report.ok()).as(report.render()).isTrue();
    }

    @Test
    @Order(4)
    void rapidRandomTransfersAmong50WalletsConserveSupplyAndReconcile() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            // A third of the traffic leaves one hot wallet (contention); conflicts with other wallets'
            // transfers into it are expected and retried by re-endorsement.
            int from = random.nextInt(5) == 0 ? 0 : random.nextInt(RANDOM_WALLETS);
            int to = (from + 1 + random.nextInt(RANDOM_WALLETS - 1)) % RANDOM_WALLETS;
            enqueueTransfer(String.format("r%02d", from), String.format("r%02d", to), 1 + random.nextInt(100), "rapid-" + i);
        }
        try (Submitter a = submitter(4, Duration.ofMinutes(5));
             Submitter b = submitter(4, Duration.ofMinutes(5))) {
            awaitAllTerminal();
        }

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'rapid-%' AND status = 'CONFIRMED'"))
                .isEqualTo(1000);
        WorldState world = WorldState.read(contract);
        assertThat(world.wallets().values().stream().mapToLong(Wallet::balance).sum()).isEqualTo(world.totalSupply());
        ReconcileReport report = reconcile();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.render()).endsWith("reconcile: OK");
    }

    @Test
    @Order(5)
    void hotWalletCommandsAreSubmittedOneAtATimeWithoutAnyMvccConflict() throws Exception {
        for (int i = 0; i < 60; i++) {
            enqueueTransfer("r10", String.format("r%02d", 11 + i % 5), 1, "hot-" + i);
        }
        try (Submitter a = submitter(4, Duration.ofMinutes(5));
             Submitter b = submitter(4, Duration.ofMinutes(5))) {
            awaitAllTerminal();
        }
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'hot-%' AND status = 'CONFIRMED' "
                + "AND attempts = 1 AND conflicts = 0")).isEqualTo(60);
        // Submitted in enqueue order: block numbers never decrease along the keys.
        assertThat(db.count("SELECT count(*) FROM (SELECT block_number < lag(block_number) OVER (ORDER BY id) AS back "
                + "FROM outbox_command WHERE idempotency_key LIKE 'hot-%') o WHERE back")).isZero();
    }

    @Test
    @Order(6)
    void badInputGetsTypedErrorsAndLosesNothing() throws Exception {
        long before = db.count("SELECT count(*) FROM outbox_command");
        assertThatThrownBy(() -> {
            try (Connection c = db.dataSource().getConnection()) {
                Outbox.enqueue(c, new NewCommand(TENANT, "TRANSFER", "{\"fromId\":\"r01\",\"amount\":\"lots\"}", "bad-1", null));
            }
        }).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> {
            try (Connection c = db.dataSource().getConnection()) {
                Outbox.enqueue(c, new NewCommand(TENANT, "PRINT_MONEY", "{}", "bad-2", null));
            }
        }).isInstanceOfSatisfying(InvalidCommandException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.UNKNOWN_COMMAND_TYPE));
        assertThat(db.count("SELECT count(*) FROM outbox_command")).isEqualTo(before);

        // A command the chaincode refuses fails with its code; the good one next to it still lands.
        enqueueTransfer("no-such-wallet", "r01", 5, "bad-3");
        enqueueTransfer("r02", "r03", 5, "good-1");
        try (Submitter submitter = submitter(2, Duration.ofMinutes(5))) {
            awaitAllTerminal();
        }
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'bad-3' AND status = 'FAILED' "
                + "AND error_code = 'NOT_FOUND'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'good-1' AND status = 'CONFIRMED'")).isEqualTo(1);

        assertThatThrownBy(() -> contract.transferInternal("r01", "r02", 1, "TRANSFER", "", "e2e:good-1"))
                .isInstanceOfSatisfying(ChaincodeRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ChaincodeErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThatThrownBy(() -> contract.transferInternal("r01", "r02", 999_999_999L, "TRANSFER", "", "e2e:too-much"))
                .isInstanceOfSatisfying(ChaincodeRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(ChaincodeErrorCode.INSUFFICIENT_FUNDS));

        assertThatThrownBy(() -> ConnectionSettings.fromFile(null).resolve("ADMIN")).isInstanceOf(ConfigException.class);
        FabricConnectionConfig good = connection.config();
        FabricConnectionConfig unreachable = new FabricConnectionConfig("localhost:1", good.hostAlias(), null, good.mspId(), good.certPath(),
                good.keyPath(), good.channel(), good.chaincode());
        try (FabricConnection dead = FabricConnection.open(unreachable, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> dead.contract().getTotalSupply()).isInstanceOf(LedgerUnavailableException.class);
        }
        ReconcileReport report = reconcile();
        assertThat(report.ok()).as(report.render()).isTrue();
    }
}
