package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SubmitResult;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.readmodel.OutboxSummary;
import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.client.support.TestGenesis;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.client.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ApplyCommands envelopes on the devnet running the real chaincode jar, projected by a real
 * projector into PostgreSQL. Each envelope is endorsed, its transaction id stored in the outbox
 * rows of the commands it carries (as a submitter stores it before submitting), then submitted;
 * the projector alone decides each command from its own outcome.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandsAppliedEndToEndTest {
    private static final String TENANT = "env";
    private static final String OWNER = "x509::CN=env::CN=ca";

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static TestDatabase db;
    private static FabricConnection connection;
    private static TokenomicsContract contract;
    private static Projector projector;
    private static Thread projectorThread;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(8);
        FabricConnectionConfig config = ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN");
        connection = FabricConnection.open(config, Duration.ofSeconds(60));
        contract = connection.contract();
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("race-from", 1000L);
        balances.put("frozen", 10L);
        TestGenesis.distribute(contract, OWNER, balances);
        contract.createWallet("race-to", OWNER);
        contract.freezeWallet("frozen", "audit");

        String channel = connection.config().channel();
        ProjectorLease lease = new ProjectorLease(() -> db.database().openDedicatedConnection(10), TENANT, channel);
        projector = new Projector(new FabricBlockSource(connection.network()), new BlockParser("tokenomics"),
                new BlockApplier(db.dataSource(), TENANT, channel, "projector"), new Checkpoints(db.dataSource()), lease, TENANT, channel,
                Duration.ofMillis(300), null, applied -> { });
        projectorThread = new Thread(projector, "projector");
        projectorThread.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (projector != null) {
            projector.close();
            projectorThread.join(10_000);
        }
        if (connection != null) {
            connection.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static JsonObject transfer(String key, String from, String to, long amount) {
        JsonObject command = new JsonObject();
        command.addProperty("type", "TRANSFER");
        command.addProperty("idempotencyKey", Outbox.chaincodeKey(TENANT, key));
        command.addProperty("fromId", from);
        command.addProperty("toId", to);
        command.addProperty("amount", amount);
        command.addProperty("txType", "TRANSFER");
        return command;
    }

    private static void enqueue(String key, CommandType type, String payload) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            Outbox.enqueue(c, NewCommand.of(TENANT, type, payload, key));
        }
    }

    private static void enqueueTransfer(String key, String from, String to, long amount) throws Exception {
        enqueue(key, CommandType.TRANSFER, "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}");
    }

    /**
     * Endorses the envelope, stores its transaction id in the commands it carries (left PENDING
     * with their transaction kept, as after an outage: no submitter runs here), then submits it.
     */
    private static SubmitResult sendEnvelope(List<String> keys, JsonObject... commands) throws Exception {
        JsonArray items = new JsonArray();
        for (JsonObject command : commands) {
            items.add(command);
        }
        JsonObject envelope = new JsonObject();
        envelope.add("commands", items);
        Transaction transaction = contract.endorse("ApplyCommands", envelope.toString());
        for (String key : keys) {
            db.execute("UPDATE outbox_command SET fabric_tx_id = '" + transaction.getTransactionId() + "' WHERE tenant_id = '" + TENANT
                    + "' AND idempotency_key = '" + key + "'");
        }
        return contract.submitAndWait(transaction);
    }

    private static void awaitAllTerminal() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> OutboxSummary.of(db.dataSource(), TENANT).open() == 0);
    }

    private static long ledgerBalance(String walletId) throws Exception {
        return contract.getBalance(walletId);
    }

    private static String outbox() throws Exception {
        return db.text("SELECT string_agg(idempotency_key || '=' || status || coalesce('/' || error_code, ''), ' ' ORDER BY id)"
                + " FROM outbox_command WHERE tenant_id = ?", TENANT);
    }

    @Test
    @Order(1)
    void theSeedRaceInOneEnvelopeConfirmsOneAndFailsNineWithInsufficientFunds() throws Exception {
        JsonObject[] race = new JsonObject[10];
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            enqueueTransfer("race-" + i, "race-from", "race-to", 800);
            race[i] = transfer("race-" + i, "race-from", "race-to", 800);
            keys.add("race-" + i);
        }

        SubmitResult committed = sendEnvelope(keys, race);
        awaitAllTerminal();

        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'CONFIRMED' AND idempotency_key = 'race-0'"
                + " AND block_number = ?", TENANT, committed.blockNumber())).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'FAILED'"
                + " AND error_code = 'INSUFFICIENT_FUNDS' AND error_detail IS NOT NULL", TENANT)).isEqualTo(9);
        assertThat(ledgerBalance("race-from")).isEqualTo(200);
        WalletQuery wallets = new WalletQuery(db.dataSource());
        assertThat(wallets.byId(TENANT, "race-from").orElseThrow().balance()).isEqualTo(200);
        assertThat(wallets.byId(TENANT, "race-to").orElseThrow().balance()).isEqualTo(800);
        assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = ? AND on_chain_tx_id = ?", TENANT,
                committed.transactionId())).isEqualTo(10);
    }

    /** A mint, a replayed key, a command on a frozen wallet and a batch transfer in one envelope; then reconcile. */
    @Test
    @Order(2)
    void mixedOutcomesAreDecidedPerCommandAndReconcileIsExact() throws Exception {
        enqueue("mint-1", CommandType.MINT, "{\"walletId\":\"race-to\",\"amount\":100}");
        enqueueTransfer("frozen-1", "frozen", "race-to", 5);
        enqueue("batch-1", CommandType.BATCH_TRANSFER,
                "{\"transfers\":[{\"fromId\":\"race-to\",\"toId\":\"race-from\",\"amount\":300},{\"fromId\":\"race-from\",\"toId\":\"race-to\",\"amount\":100}]}");
        JsonObject mint = new JsonObject();
        mint.addProperty("type", "MINT");
        mint.addProperty("idempotencyKey", Outbox.chaincodeKey(TENANT, "mint-1"));
        mint.addProperty("walletId", "race-to");
        mint.addProperty("amount", 100);
        JsonObject batch = JsonParser.parseString("{\"type\":\"BATCH_TRANSFER\",\"idempotencyKey\":\"" + Outbox.chaincodeKey(TENANT, "batch-1")
                + "\",\"transfers\":[{\"fromId\":\"race-to\",\"toId\":\"race-from\",\"amount\":300},"
                + "{\"fromId\":\"race-from\",\"toId\":\"race-to\",\"amount\":100}]}").getAsJsonObject();
        long race0Block = db.count("SELECT block_number FROM outbox_command WHERE tenant_id = ? AND idempotency_key = 'race-0'", TENANT);

        SubmitResult committed = sendEnvelope(List.of("mint-1", "frozen-1", "batch-1"), mint,
                transfer("race-0", "race-from", "race-to", 800), transfer("frozen-1", "frozen", "race-to", 5), batch);
        awaitAllTerminal();
        await().atMost(Duration.ofMinutes(1)).until(() -> ReadModelSnapshot.nextBlock(db.dataSource(), TENANT,
                connection.config().channel()) > committed.blockNumber());

        assertThat(outbox()).endsWith("mint-1=CONFIRMED frozen-1=FAILED/WALLET_FROZEN batch-1=CONFIRMED");
        assertThat(db.count("SELECT block_number FROM outbox_command WHERE tenant_id = ? AND idempotency_key = 'race-0'", TENANT))
                .isEqualTo(race0Block);
        assertThat(db.text("SELECT string_agg(command_position || ':' || event_type || ':' || applied, ' ' ORDER BY command_position)"
                + " FROM wallet_transaction WHERE tenant_id = ? AND on_chain_tx_id = ?", TENANT, committed.transactionId()))
                .isEqualTo("0:TokensMinted:true 1:OperationReplayed:false 2:CommandRejected:false 3:BatchTransferCompleted:true");
        WalletQuery wallets = new WalletQuery(db.dataSource());
        assertThat(wallets.byId(TENANT, "race-from").orElseThrow().balance()).isEqualTo(200 + 300 - 100).isEqualTo(ledgerBalance("race-from"));
        assertThat(wallets.byId(TENANT, "race-to").orElseThrow().balance()).isEqualTo(800 + 100 - 300 + 100)
                .isEqualTo(ledgerBalance("race-to"));

        ReconcileReport report = new Reconciler(db.dataSource(), TENANT, connection.config().channel(), Duration.ofMinutes(15))
                .reconcile(contract, new FabricBlockSource(connection.network()), new BlockParser("tokenomics"), Instant.now().plusSeconds(60));
        assertThat(report.render()).contains("projected rows").endsWith("reconcile: OK");
    }
}
