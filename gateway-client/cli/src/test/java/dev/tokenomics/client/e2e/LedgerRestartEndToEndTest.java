package dev.tokenomics.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.devnet.Devnet;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The devnet (real chaincode jar, official fabric-gateway client) stopped under a running
 * submitter and restarted on the same port with the same data directory, as a peer restart during
 * an upgrade: every command is delivered exactly once, none FAILED, and the attempt budget (2
 * here) is not spent by the outage. Also the CLI's answers to calls the chaincode cannot take.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerRestartEndToEndTest {
    private static final String TENANT = "restart";
    private static final int WALLETS = 10;
    private static final long GENESIS_BALANCE = 1_000;
    private static final int TRANSFERS = 200;

    @TempDir
    static Path dir;

    private static int port;
    private static Devnet devnet;
    private static TestDatabase db;
    private static FabricConnection connection;
    private static TokenomicsContract contract;

    private static Devnet startDevnet() {
        return Devnet.builder().chaincode("tokenomics", DevnetExtension.tokenomicsJar()).tls(false)
                .dir(dir.resolve("devnet")).dataDir(dir.resolve("data")).port(port).start();
    }

    @BeforeAll
    static void setUp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        devnet = startDevnet();
        db = TestDatabase.create(8);
        connection = FabricConnection.open(ConnectionSettings.fromFile(devnet.connectionEnv()).resolve("ADMIN"), Duration.ofSeconds(30));
        contract = connection.contract();
        contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
        JsonArray allocations = new JsonArray();
        for (int i = 0; i < WALLETS; i++) {
            JsonObject allocation = new JsonObject();
            allocation.addProperty("walletId", wallet(i));
            allocation.addProperty("owner", "x509::CN=restart::CN=ca");
            allocation.addProperty("amount", GENESIS_BALANCE);
            allocations.add(allocation);
        }
        JsonObject genesis = new JsonObject();
        genesis.add("allocations", allocations);
        contract.distributeGenesis(genesis.toString());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (devnet != null) {
            devnet.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static String wallet(int i) {
        return String.format("o%02d", i);
    }

    private static long count(String condition) throws Exception {
        return db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = '" + TENANT + "' AND " + condition);
    }

    @Test
    @Order(1)
    void aLedgerRestartDelaysCommandsAndNeitherFailsNorDuplicatesAny() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < WALLETS; i++) {
            expected.put(wallet(i), GENESIS_BALANCE);
        }
        Random random = new Random(7);
        for (int i = 0; i < TRANSFERS; i++) {
            int from = random.nextInt(WALLETS);
            int to = (from + 1 + random.nextInt(WALLETS - 1)) % WALLETS;
            long amount = 1 + random.nextInt(5);
            expected.merge(wallet(from), -amount, Long::sum);
            expected.merge(wallet(to), amount, Long::sum);
            try (Connection c = db.dataSource().getConnection()) {
                Outbox.enqueue(c, NewCommand.of(TENANT, CommandType.TRANSFER,
                        "{\"fromId\":\"" + wallet(from) + "\",\"toId\":\"" + wallet(to) + "\",\"amount\":" + amount + "}", "move-" + i));
            }
        }
        // Transactions of at most 8 commands, so the outage finds commands still to deliver: one
        // envelope could carry all 200.
        try (Submitter submitter = Submitter.builder(db.dataSource(), contract).tenant(TENANT).workers(2).batchSize(8)
                .maxCommandsPerTransaction(8).pollInterval(Duration.ofMillis(20)).retry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofSeconds(1))).build()) {
            submitter.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> count("status = 'COMMITTED'") >= 10);

            devnet.close();
            await().atMost(Duration.ofMinutes(1)).until(() -> submitter.stats().ledgerWaits() >= 2 * TRANSFERS / 8
                    && count("status = 'PENDING' AND error_detail LIKE 'waiting for the ledger%'") > 0);
            assertThat(count("status = 'FAILED'")).isZero();
            devnet = startDevnet();

            await().atMost(Duration.ofMinutes(4)).until(() -> count("status IN ('PENDING', 'PROCESSING')") == 0);
        }

        assertThat(count("status = 'FAILED'")).isZero();
        assertThat(count("status = 'COMMITTED'")).isEqualTo(TRANSFERS);
        assertThat(count("attempts > 2")).isZero();
        // Each transfer applied exactly once: the ledger holds what the transfers add up to.
        for (int i = 0; i < WALLETS; i++) {
            long balance = contract.getBalance(wallet(i));
            assertThat(balance).as(wallet(i)).isEqualTo(expected.get(wallet(i)));
        }
    }

    private record Run(int exit, String err) {
    }

    private static Run cli(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = TokenomicsCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    @Order(2)
    void invokeNamesAWrongArgumentCountAndAnUnknownTransactionAsBadInput() throws IOException {
        String env = devnet.connectionEnv().toString();
        Run tooFew = cli("invoke", "--connection", env, "TransferInternal", "o01", "o02");
        assertThat(tooFew.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
        assertThat(tooFew.err()).contains("TransferInternal takes 6 argument(s) (fromId, toId, amount, txType, remark, idempotencyKey), got 2")
                .doesNotContain("unreachable");

        Run unknown = cli("invoke", "--connection", env, "TransferAll", "o01");
        assertThat(unknown.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
        assertThat(unknown.err()).contains("the chaincode has no transaction 'TransferAll'").contains("TransferInternal");

        Run rejected = cli("invoke", "--connection", env, "TransferInternal", "o01", "o02", "999999999", "TRANSFER", "", "restart:too-much");
        assertThat(rejected.exit()).isEqualTo(TokenomicsCli.REJECTED);
        assertThat(rejected.err()).contains("INSUFFICIENT_FUNDS");
    }
}
