package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.projector.Projector;
import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.client.support.TestGenesis;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ApplyCommands envelopes from the outbox on the devnet with the real chaincode jar, over gRPC. */
class EnvelopeEndToEndTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static TestDatabase db;
    private static FabricConnection connection;
    private static TokenomicsContract contract;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(16);
        FabricConnectionConfig config = ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN");
        connection = FabricConnection.open(config, Duration.ofSeconds(60));
        contract = connection.contract();
        String owner = "x509::CN=env::CN=ca";
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("treasury", 1_000_000L);
        balances.put("seed-from", 1000L);
        for (int i = 0; i < 20; i++) {
            balances.put("u" + i, 1L);
            balances.put("m" + i, 100_000L);
        }
        TestGenesis.distribute(contract, owner, balances);
        contract.createWallet("seed-to", owner);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static void enqueue(String tenant, String from, String to, long amount, String key) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            Outbox.enqueue(c, NewCommand.of(tenant, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}", key));
        }
    }

    private static Submitter submitter(String tenant) {
        return Submitter.builder(db.dataSource(), contract).tenant(tenant).workers(2).pollInterval(Duration.ofMillis(20))
                .maxCommandsPerTransaction(100).build();
    }

    private static void deliver(String tenant) {
        try (Submitter submitter = Submitter.builder(db.dataSource(), contract).tenant(tenant).workers(2)
                .pollInterval(Duration.ofMillis(20)).maxCommandsPerTransaction(100).build()) {
            submitter.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status IN ('PENDING', 'PROCESSING')", tenant) == 0);
        }
    }

    private static long balance(String wallet) throws Exception {
        return contract.getBalance(wallet);
    }

    @Test
    void aHotWalletsTransfersCommitManyPerTransactionWithoutConflicts() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add("hot-" + i);
            enqueue("env-hot", "treasury", "u" + (i % 20), 1 + i % 3, "hot-" + i);
        }
        deliver("env-hot");

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'env-hot' AND status = 'COMMITTED'")).isEqualTo(300);
        assertThat(db.count("SELECT count(DISTINCT fabric_tx_id) FROM outbox_command WHERE tenant_id = 'env-hot'")).isLessThanOrEqualTo(30);
        assertThat(OutboxSummary.of(db.dataSource(), "env-hot").conflicts()).isZero();
        long moved = 0;
        for (int i = 0; i < 300; i++) {
            moved += 1 + i % 3;
        }
        assertThat(balance("treasury")).isEqualTo(1_000_000 - moved);
        // The ledger names each key's envelope as the transaction that applied it.
        String key = keys.get(299);
        String txId = db.text("SELECT fabric_tx_id FROM outbox_command WHERE tenant_id = 'env-hot' AND idempotency_key = ?", key);
        assertThat(contract.getOperation(Outbox.chaincodeKey("env-hot", key)).txId()).isEqualTo(txId);
    }

    @Test
    void seedRaceInsideOneEnvelopeCommitsOneAndFailsNineWithInsufficientFunds() throws Exception {
        for (int i = 0; i < 10; i++) {
            enqueue("env-seed", "seed-from", "seed-to", 800, "seed-" + i);
        }
        deliver("env-seed");

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'env-seed' AND status = 'COMMITTED' "
                + "AND idempotency_key = 'seed-0'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'env-seed' AND status = 'FAILED' "
                + "AND error_code = 'INSUFFICIENT_FUNDS'")).isEqualTo(9);
        assertThat(db.count("SELECT count(DISTINCT fabric_tx_id) FROM outbox_command WHERE tenant_id = 'env-seed'")).isEqualTo(1);
        assertThat(balance("seed-from")).isEqualTo(200);
        assertThat(balance("seed-to")).isEqualTo(800);
    }

    /** The submitter's envelopes as the projector reads them: every command CONFIRMED by its own envelope. */
    @Test
    void threeSubmittersAndTheProjectorConfirmEveryCommandOfAMixedWorkloadWithoutConflicts() throws Exception {
        String tenant = "env-mix";
        java.util.Random random = new java.util.Random(10);
        for (int i = 0; i < 600; i++) {
            int from = random.nextInt(20);
            int to = (from + 1 + random.nextInt(19)) % 20;
            enqueue(tenant, i % 3 == 0 ? "treasury" : "m" + from, "m" + to, 1 + random.nextInt(9), "mix-" + i);
        }
        try (Projector projector = Projector.builder(db.database()).network(connection.network()).tenant(tenant).build()) {
            Thread projecting = new Thread(projector, "projector-" + tenant);
            projecting.start();
            List<Submitter> submitters = List.of(submitter(tenant), submitter(tenant), submitter(tenant));
            try {
                submitters.forEach(Submitter::start);
                await().atMost(Duration.ofSeconds(180)).until(() -> db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? "
                        + "AND status IN ('PENDING', 'PROCESSING', 'COMMITTED')", tenant) == 0);
            } finally {
                submitters.forEach(Submitter::close);
                projector.close();
                projecting.join(10_000);
            }
        }

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'CONFIRMED'", tenant)).isEqualTo(600);
        assertThat(OutboxSummary.of(db.dataSource(), tenant).conflicts()).isZero();
        assertThat(db.count("SELECT count(DISTINCT fabric_tx_id) FROM outbox_command WHERE tenant_id = ?", tenant)).isLessThan(600);
    }
}
