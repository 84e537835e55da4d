package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SystemQueries;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.projector.Projector;
import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.client.support.TestGenesis;
import dev.tokenomics.devnet.junit.DevnetExtension;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The submitter's and the projector's meters after real traffic: the devnet with the real chaincode
 * jar, PostgreSQL, ApplyCommands envelopes. What the meters say must be what the outbox, the
 * checkpoint and the ledger say.
 */
class MetricsEndToEndTest {
    private static final String TENANT = "metrics";
    private static final int FUNDED = 20;

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static TestDatabase db;
    private static FabricConnection connection;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(8);
        connection = FabricConnection.open(ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN"), Duration.ofSeconds(60));
        TokenomicsContract contract = connection.contract();
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("race-from", 1000L);
        for (int i = 0; i < FUNDED; i++) {
            balances.put("m" + i, 100L);
        }
        TestGenesis.distribute(contract, "x509::CN=metrics::CN=ca", balances);
        contract.createWallet("race-to", "x509::CN=metrics::CN=ca");
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

    private static void enqueue(String from, String to, long amount, String key) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            Outbox.enqueue(c, NewCommand.of(TENANT, CommandType.TRANSFER,
                    "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}", key));
        }
    }

    private static RequiredSearch meter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("tenant", TENANT);
    }

    @Test
    void theMetersCountWhatTheOutboxTheCheckpointAndTheLedgerShow() throws Exception {
        for (int i = 0; i < FUNDED; i++) {
            enqueue("m" + i, "m" + ((i + 1) % FUNDED), 5, "ok-" + i);
        }
        for (int i = 0; i < 10; i++) {
            enqueue("race-from", "race-to", 800, "race-" + i); // the seed race: one applies, nine fail INSUFFICIENT_FUNDS
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Submitter submitter = Submitter.builder(db.dataSource(), connection.contract()).tenant(TENANT).workers(2)
                .pollInterval(Duration.ofMillis(20)).maxCommandsPerTransaction(100).meterRegistry(registry).build()) {
            submitter.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status IN ('PENDING', 'PROCESSING')", TENANT) == 0);
            assertThat(meter(registry, "tokenomics.submitter.commands.in.flight").gauge().value()).isZero();
        }

        assertThat(meter(registry, "tokenomics.submitter.commands").tag("outcome", "COMMITTED").counter().count()).isEqualTo(FUNDED + 1);
        assertThat(meter(registry, "tokenomics.submitter.commands").tag("outcome", "FAILED").tag("code", "INSUFFICIENT_FUNDS").counter().count())
                .isEqualTo(9);
        assertThat(registry.find("tokenomics.submitter.commands").tag("outcome", "FAILED").counters()).as("no other code").hasSize(1);
        long transactions = db.count("SELECT count(DISTINCT fabric_tx_id) FROM outbox_command WHERE tenant_id = ?", TENANT);
        assertThat(OutboxSummary.of(db.dataSource(), TENANT).conflicts()).isZero();
        for (String latency : new String[] {"tokenomics.submitter.endorse", "tokenomics.submitter.submit", "tokenomics.submitter.commit"}) {
            assertThat(meter(registry, latency).timer().count()).as(latency).isEqualTo(transactions);
        }
        DistributionSummary packed = meter(registry, "tokenomics.submitter.transaction.commands").summary();
        assertThat(packed.count()).isEqualTo(transactions);
        assertThat(packed.totalAmount()).isEqualTo(FUNDED + 10);
        assertThat(meter(registry, "tokenomics.submitter.claim").timer().count()).isPositive();
        for (String kind : new String[] {"mvcc_conflict", "ledger_unavailable", "other"}) {
            assertThat(meter(registry, "tokenomics.submitter.retries").tag("kind", kind).counter().count()).as(kind).isZero();
        }
        assertThat(meter(registry, "tokenomics.submitter.lease.takeovers").counter().count()).isZero();
        assertThat(meter(registry, "tokenomics.submitter.throttled").counter().count()).as("no cap set").isZero();

        String channel = connection.config().channel();
        Projector projector = Projector.builder(db.database()).network(connection.network()).tenant(TENANT).leaseCheck(Duration.ofMillis(300))
                .meterRegistry(registry).build();
        Thread projecting = new Thread(projector, "projector");
        projecting.start();
        try {
            long ledgerHeight = new SystemQueries(connection.network()).chainInfo().height();
            RequiredSearch height = meter(registry, "tokenomics.projector.height").tag("channel", channel);
            await().atMost(Duration.ofSeconds(120)).until(() -> height.gauge().value() == ledgerHeight
                    && OutboxSummary.of(db.dataSource(), TENANT).open() == 0);
            assertThat(meter(registry, "tokenomics.projector.ledger.height").gauge().value()).isEqualTo(ledgerHeight);
            assertThat(meter(registry, "tokenomics.projector.lag.blocks").gauge().value()).isZero();
            assertThat(meter(registry, "tokenomics.projector.lag").timeGauge().value()).isZero();
            assertThat(meter(registry, "tokenomics.projector.active").gauge().value()).isEqualTo(1);
            assertThat(meter(registry, "tokenomics.projector.following").gauge().value()).isEqualTo(1);
            assertThat(meter(registry, "tokenomics.projector.commands").tag("outcome", "CONFIRMED").counter().count()).isEqualTo(FUNDED + 1);
            assertThat(meter(registry, "tokenomics.projector.transactions").counter().count())
                    .isEqualTo(db.count("SELECT valid_tx_count FROM projector_checkpoint WHERE tenant_id = ?", TENANT));
            assertThat(meter(registry, "tokenomics.projector.batch.blocks").summary().totalAmount()).as("every block from 0, once")
                    .isEqualTo(ledgerHeight);
        } finally {
            projector.close();
            projecting.join(10_000);
        }
        assertThat(registry.find("tokenomics.projector.active").gauges()).as("a closed projector is not held by the registry").isEmpty();
    }
}
