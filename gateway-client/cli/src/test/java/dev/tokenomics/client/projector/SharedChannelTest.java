package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.client.cli.TokenomicsCli;
import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.outbox.RetryPolicy;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Two deployments (two schemas) of the same tenant id on one channel, and reconcile's view of
 * them, on the devnet with the real chaincode. The tenant id namespaces idempotency keys on the
 * ledger, so both deployments' {@code order-1} is the same chaincode key {@code default:order-1}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedChannelTest {
    private static final String TENANT = "default";
    private static final String OWNER = "x509::CN=shared::CN=ca";

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static FabricConnection connection;
    private static TokenomicsContract contract;
    private static TestDatabase deploymentA;
    private static TestDatabase deploymentB;
    private static final List<Projector> projectors = new ArrayList<>();
    private static final List<Thread> projectorThreads = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        connection = FabricConnection.open(ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN"), Duration.ofSeconds(60));
        contract = connection.contract();
        contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
        JsonArray allocations = new JsonArray();
        for (String wallet : List.of("w1", "w2", "w3", "w4")) {
            JsonObject allocation = new JsonObject();
            allocation.addProperty("walletId", wallet);
            allocation.addProperty("owner", OWNER);
            allocation.addProperty("amount", 10_000);
            allocations.add(allocation);
        }
        JsonObject genesis = new JsonObject();
        genesis.add("allocations", allocations);
        contract.distributeGenesis(genesis.toString());
        deploymentA = TestDatabase.create(8);
        deploymentB = TestDatabase.create(8);
        startProjector(deploymentA, TENANT, "projector-a");
    }

    /** Brings B's read model to {@code lastBlock} with the applier itself, so the test decides exactly which blocks B has seen. */
    private static void projectUpTo(TestDatabase db, String tenant, long lastBlock) throws Exception {
        String channel = connection.config().channel();
        long next = new Checkpoints(db.dataSource()).readOrCreate(tenant, channel).nextBlock();
        BlockApplier applier = new BlockApplier(db.dataSource(), tenant, channel, "catch-up");
        BlockParser parser = new BlockParser("tokenomics");
        try (BlockSource.BlockStream stream = new FabricBlockSource(connection.network()).open(next)) {
            for (; next <= lastBlock && stream.hasNext(); next++) {
                applier.apply(List.of(parser.parse(stream.next())), null);
            }
        }
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
        for (TestDatabase db : new TestDatabase[] {deploymentA, deploymentB}) {
            if (db != null) {
                db.close();
            }
        }
    }

    private static void startProjector(TestDatabase db, String tenant, String name) {
        String channel = connection.config().channel();
        ProjectorLease lease = new ProjectorLease(() -> db.database().openDedicatedConnection(10), tenant, channel);
        Projector projector = new Projector(new FabricBlockSource(connection.network()), new BlockParser("tokenomics"),
                new BlockApplier(db.dataSource(), tenant, channel, name), new Checkpoints(db.dataSource()), lease, tenant, channel,
                Duration.ofMillis(300), null, applied -> { });
        Thread thread = new Thread(projector, name);
        thread.start();
        projectors.add(projector);
        projectorThreads.add(thread);
    }

    private static void enqueue(TestDatabase db, String tenant, String key, String from, String to, long amount) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            Outbox.enqueue(c, NewCommand.of(tenant, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}", key));
        }
    }

    private static Submitter submitter(TestDatabase db, String tenant) {
        Submitter submitter = Submitter.builder(db.dataSource(), contract).tenant(tenant).workers(2).batchSize(16)
                .pollInterval(Duration.ofMillis(20)).retry(new RetryPolicy(20, Duration.ofMillis(20), Duration.ofSeconds(1))).build();
        submitter.start();
        return submitter;
    }

    private static String status(TestDatabase db, String key) throws Exception {
        return db.text("SELECT status || coalesce('/' || error_code, '') || '/' || attempts FROM outbox_command WHERE idempotency_key = ?", key);
    }

    private static long checkpoint(TestDatabase db, String tenant) throws Exception {
        return db.count("SELECT coalesce(max(next_block), 0) FROM projector_checkpoint WHERE tenant_id = ?", tenant);
    }

    private static long ledgerHeightAtLeast() throws Exception {
        return Math.max(checkpoint(deploymentA, TENANT), checkpoint(deploymentB, TENANT));
    }

    private static ReconcileReport reconcile(TestDatabase db, String tenant, Duration timeout) throws Exception {
        return new Reconciler(db.dataSource(), tenant, connection.config().channel(), Duration.ofMinutes(15))
                .reconcile(contract, new FabricBlockSource(connection.network()), new BlockParser("tokenomics"), Instant.now().plus(timeout));
    }

    @Test
    @Order(1)
    void anotherDeploymentsTransactionUnderTheSameTenantAndKeyNeverConfirmsOurCommand() throws Exception {
        enqueue(deploymentA, TENANT, "order-1", "w1", "w2", 100);
        enqueue(deploymentB, TENANT, "order-1", "w3", "w4", 7);
        try (Submitter a = submitter(deploymentA, TENANT)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> status(deploymentA, "order-1").startsWith("CONFIRMED"));
        }
        long blockOfA = deploymentA.count("SELECT block_number FROM outbox_command WHERE idempotency_key = 'order-1'");
        // B's read model applies the block holding A's transaction, which carries default:order-1.
        projectUpTo(deploymentB, TENANT, blockOfA);
        assertThat(deploymentB.count("SELECT count(*) FROM wallet_transaction WHERE idempotency_key = 'default:order-1'")).isEqualTo(1);
        assertThat(status(deploymentB, "order-1")).isEqualTo("PENDING/0");

        try (Submitter b = submitter(deploymentB, TENANT)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> OutboxSummary.of(deploymentB.dataSource(), TENANT).open() == 0);
        }
        assertThat(status(deploymentB, "order-1")).isEqualTo("FAILED/IDEMPOTENCY_KEY_REUSED/1");
        assertThat(deploymentB.count("SELECT balance FROM wallet WHERE tenant_id = 'default' AND wallet_id = 'w4'")).isEqualTo(10_000);
        // Sent in an envelope, B's refused command is a VALID transaction with nothing applied; B's read model
        // follows the chain up to it (A's projector, which follows the whole channel, says which block holds it).
        String txOfB = deploymentB.text("SELECT fabric_tx_id FROM outbox_command WHERE idempotency_key = 'order-1'");
        await().atMost(Duration.ofMinutes(1)).until(() -> deploymentA.count(
                "SELECT count(*) FROM wallet_transaction WHERE on_chain_tx_id = ?", txOfB) > 0);
        projectUpTo(deploymentB, TENANT, deploymentA.count("SELECT max(block_number) FROM wallet_transaction WHERE on_chain_tx_id = ?", txOfB));

        ReconcileReport a = reconcile(deploymentA, TENANT, Duration.ofMinutes(1));
        assertThat(a.ok()).as(a.render()).isTrue();
        ReconcileReport b = reconcile(deploymentB, TENANT, Duration.ofMinutes(1));
        assertThat(b.ok()).as(b.render()).isTrue();
    }

    @Test
    @Order(2)
    void reconcileFlagsAConfirmedCommandWhoseKeyCarriesAnotherRequestAndAFailedOneWhoseRequestWasApplied() throws Exception {
        // What the projector did before it matched requests: B's order-1 confirmed from A's transaction.
        deploymentB.execute("UPDATE outbox_command SET status = 'CONFIRMED', error_code = NULL WHERE idempotency_key = 'order-1'");
        // And a command whose request the ledger applied, marked FAILED.
        deploymentA.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'RETRIES_EXHAUSTED' WHERE idempotency_key = 'order-1'");
        try {
            String txOfA = deploymentA.text("SELECT fabric_tx_id FROM outbox_command WHERE idempotency_key = 'order-1'");
            ReconcileReport b = reconcile(deploymentB, TENANT, Duration.ofMinutes(1));
            assertThat(b.problems()).singleElement().asString()
                    .contains("(TRANSFER, key order-1) is CONFIRMED but its key was applied by transaction " + txOfA + " with another request");
            ReconcileReport a = reconcile(deploymentA, TENANT, Duration.ofMinutes(1));
            assertThat(a.problems()).singleElement().asString()
                    .contains("(TRANSFER, key order-1) is FAILED RETRIES_EXHAUSTED but its request was applied by transaction " + txOfA);
            assertThat(a.render()).endsWith("reconcile: FAILED (1 problem)");
        } finally {
            deploymentB.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'IDEMPOTENCY_KEY_REUSED' WHERE idempotency_key = 'order-1'");
            deploymentA.execute("UPDATE outbox_command SET status = 'CONFIRMED', error_code = NULL WHERE idempotency_key = 'order-1'");
        }
    }

    @Test
    @Order(3)
    void reconcileWaitsForALaggingProjectorInsteadOfReportingItsLagAsMismatches() throws Exception {
        // A third deployment whose projector is not running yet while its commands commit.
        try (TestDatabase lagging = TestDatabase.create(8)) {
            for (int i = 0; i < 10; i++) {
                enqueue(lagging, "lag", "lag-" + i, "w" + (1 + i % 4), "w" + (1 + (i + 1) % 4), 1 + i);
            }
            try (Submitter submitter = submitter(lagging, "lag")) {
                await().atMost(Duration.ofMinutes(1)).until(() -> lagging.count(
                        "SELECT count(*) FROM outbox_command WHERE tenant_id = 'lag' AND status = 'COMMITTED'") == 10);
            }
            new Checkpoints(lagging.dataSource()).readOrCreate("lag", connection.config().channel());
            CompletableFuture<ReconcileReport> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return reconcile(lagging, "lag", Duration.ofMinutes(2));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(checkpoint(lagging, "lag")).isZero();
            startProjector(lagging, "lag", "projector-lag");
            ReconcileReport report = running.get(3, TimeUnit.MINUTES);
            assertThat(report.ok()).as(report.render()).isTrue();
            assertThat(lagging.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'lag' AND status = 'CONFIRMED'")).isEqualTo(10);
            projectors.get(projectors.size() - 1).close();
            projectorThreads.get(projectorThreads.size() - 1).join(10_000);
        }
    }

    @Test
    @Order(4)
    void reconcileAgainstALedgerTheReadModelDoesNotFollowEndsWithinItsTimeout() throws Exception {
        // A read model that applied more blocks than this ledger holds: it follows another chain (or a reset one).
        try (TestDatabase elsewhere = TestDatabase.create(4)) {
            elsewhere.execute("INSERT INTO projector_checkpoint (tenant_id, channel, next_block) VALUES ('other', '"
                    + connection.config().channel() + "', " + (ledgerHeightAtLeast() + 50) + ")");

            assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> reconcile(elsewhere, "other", Duration.ofSeconds(5))))
                    .isInstanceOf(ReconcileTimeoutException.class).hasMessageContaining("it is not the chain this read model follows");

            StringWriter err = new StringWriter();
            CommandLine cli = TokenomicsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cli.execute("reconcile",
                    "--connection", devnet.devnet().connectionEnv().toString(), "--db-url", elsewhere.baseUrl(),
                    "--db-schema", elsewhere.schema(), "--tenant", "other", "--timeout", "PT5S"));
            assertThat(exit).isEqualTo(TokenomicsCli.UNREACHABLE);
            assertThat(err.toString()).contains("reconcile: not compared within --timeout PT5S")
                    .contains("the ledger has fewer: it is not the chain this read model follows");
        }
    }

    @Test
    @Order(5)
    void reconcileFlagsACommandOpenTooLongWithoutAReasonAndACommittedOneTheProjectorDidNotConfirm() throws Exception {
        enqueue(deploymentA, TENANT, "stuck-1", "w1", "w2", 1);
        try {
            deploymentA.execute("UPDATE outbox_command SET created_at = now() - interval '1 hour' WHERE idempotency_key = 'stuck-1'");
            assertThat(reconcile(deploymentA, TENANT, Duration.ofMinutes(1)).problems()).singleElement().asString()
                    .contains("(key stuck-1) is PENDING since").endsWith("after 0 attempts, with no recorded reason");

            deploymentA.execute("UPDATE outbox_command SET error_detail = 'UNAVAILABLE: peer restarting' WHERE idempotency_key = 'stuck-1'");
            ReconcileReport waiting = reconcile(deploymentA, TENANT, Duration.ofMinutes(1));
            assertThat(waiting.ok()).as(waiting.render()).isTrue();

            deploymentA.execute("UPDATE outbox_command SET status = 'COMMITTED', block_number = 1 WHERE idempotency_key = 'stuck-1'");
            assertThat(reconcile(deploymentA, TENANT, Duration.ofMinutes(1)).problems()).singleElement().asString()
                    .contains("(key stuck-1) committed in block 1").endsWith("but is not CONFIRMED");
        } finally {
            deploymentA.execute("DELETE FROM outbox_command WHERE idempotency_key = 'stuck-1'");
        }
    }
}
