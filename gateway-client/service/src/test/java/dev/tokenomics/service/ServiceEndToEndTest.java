package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SystemQueries;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.projector.Projector;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.client.support.TestGenesis;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 202-and-poll walk-through for real: commands POSTed over HTTP are delivered by a submitter to the
 * devnet running the real chaincode jar, projected by a projector, and polled to CONFIRMED or FAILED;
 * {@code /metrics} follows them, and {@code /health/ready} follows the projector's lag. Each test leaves
 * the submitter and the projector running and asserts changes, not totals, so the tests share one
 * devnet in any order.
 */
class ServiceEndToEndTest {
    private static final String TENANT = "shop";
    private static final Pattern BLOCKS_BEHIND = Pattern.compile("DOWN: projector of tenant shop (\\d+) blocks behind \\(bound 2\\)");

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static TestDatabase db;
    private static FabricConnection fabric;
    private static Submitter submitter;
    private static Projector projector;
    private static Thread projecting;
    private static TokenomicsService service;
    private static HttpCalls http;
    private static String key;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(8);
        fabric = FabricConnection.open(ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN"), Duration.ofSeconds(60));
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("w001", 100L);
        balances.put("w002", 1L);
        balances.put("w003", 1_000L);
        balances.put("w004", 1L);
        TestGenesis.distribute(fabric.contract(), "x509::CN=shop::CN=ca", balances);
        startSubmitter();
        startProjector();
        key = new ApiKeys(db.dataSource()).create(TENANT).key();
        service = TokenomicsService.builder(db.dataSource()).port(0).build().start();
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
        stopProjector();
        if (submitter != null) {
            submitter.close();
        }
        if (fabric != null) {
            fabric.close();
        }
        db.close();
    }

    private static void startSubmitter() {
        submitter = Submitter.builder(db.dataSource(), fabric.contract()).tenant(TENANT).workers(2).build();
        submitter.start();
    }

    private static void startProjector() {
        projector = Projector.builder(db.database()).network(fabric.network()).tenant(TENANT).build();
        projecting = new Thread(projector, "projector");
        projecting.start();
    }

    private static void stopProjector() throws InterruptedException {
        if (projector != null) {
            projector.close();
            projecting.join(10_000);
        }
    }

    private static String transfer(String from, String to, long amount) {
        return "{\"type\":\"TRANSFER\",\"payload\":{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}}";
    }

    private static JsonObject pollUntilDone(String location) {
        JsonObject[] last = new JsonObject[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = http.get(location, key).json();
            String status = last[0].get("status").getAsString();
            return status.equals("CONFIRMED") || status.equals("FAILED");
        });
        return last[0];
    }

    private static Map<String, Double> scrape() throws Exception {
        return PrometheusText.parse(http.get("/metrics", null).body());
    }

    private static double outbox(Map<String, Double> samples, String status) {
        return samples.get("tokenomics_outbox_commands{status=\"" + status + "\",tenant=\"" + TENANT + "\"}");
    }

    @Test
    void postedTransfersArePolledToConfirmedOrFailedWithTheChaincodesCode() throws Exception {
        Map<String, Double> before = scrape();
        long w002 = http.get("/v1/wallets/w002", key).json().get("balance").getAsLong();
        List<String> locations = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HttpCalls.Reply accepted = http.post("/v1/commands", key, "e2e-" + i, transfer("w001", "w002", 10));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            locations.add(accepted.header("Location"));
        }
        String overdraft = http.post("/v1/commands", key, "e2e-overdraft", transfer("w001", "w002", 1_000)).header("Location");

        for (String location : locations) {
            JsonObject done = pollUntilDone(location);
            assertThat(done.get("status").getAsString()).as(done.toString()).isEqualTo("CONFIRMED");
            assertThat(done.get("transactionId").getAsString()).isNotBlank();
            assertThat(done.get("blockNumber").getAsLong()).isPositive();
        }
        JsonObject failed = pollUntilDone(overdraft);
        assertThat(failed.get("status").getAsString()).isEqualTo("FAILED");
        assertThat(failed.get("reason").getAsString()).isEqualTo("INSUFFICIENT_FUNDS");

        assertThat(http.get("/v1/wallets/w002", key).json().get("balance").getAsLong()).isEqualTo(w002 + 30);
        assertThat(http.get("/v1/wallets/w002/transactions", key).json().getAsJsonArray("items")).hasSizeGreaterThanOrEqualTo(4);
        Map<String, Double> after = scrape();
        assertThat(outbox(after, "CONFIRMED")).isEqualTo(outbox(before, "CONFIRMED") + 3);
        assertThat(outbox(after, "FAILED")).isEqualTo(outbox(before, "FAILED") + 1);
        assertThat(outbox(after, "PENDING")).isZero();
    }

    /**
     * The acceptance: /metrics, read by a strict parser of the exposition format, shows the outbox depth falling and the
     * confirmed count rising while commands flow. The commands are POSTed while the submitter is stopped, so the first scrape sees
     * all of them PENDING whatever the machine's speed; then a submitter starts and the test scrapes until all are CONFIRMED.
     */
    @Test
    void metricsShowThePendingDepthFallingAndTheConfirmedCountRisingWhileCommandsFlow() throws Exception {
        int commands = 40;
        double confirmedBefore = outbox(scrape(), "CONFIRMED");
        submitter.close();
        try {
            for (int i = 0; i < commands; i++) {
                assertThat(http.post("/v1/commands", key, TokenomicsServiceTest.freshKey(), transfer("w003", "w004", 1)).status()).isEqualTo(202);
            }
            Map<String, Double> queued = scrape();
            assertThat(outbox(queued, "PENDING")).isEqualTo(commands);
            assertThat(outbox(queued, "CONFIRMED")).isEqualTo(confirmedBefore);
        } finally {
            startSubmitter();
        }

        List<double[]> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<String, Double> samples = scrape();
            seen.add(new double[] {outbox(samples, "PENDING"), outbox(samples, "CONFIRMED")});
            return outbox(samples, "CONFIRMED") == confirmedBefore + commands;
        });

        double[] last = seen.get(seen.size() - 1);
        assertThat(last[0]).as("PENDING at the end").isZero();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)[0]).as("PENDING never grows while nothing is enqueued").isLessThanOrEqualTo(seen.get(i - 1)[0]);
            assertThat(seen.get(i)[1]).as("CONFIRMED never shrinks").isGreaterThanOrEqualTo(seen.get(i - 1)[1]);
        }
        assertThat(http.get("/v1/wallets/w004", key).json().get("balance").getAsLong()).isGreaterThanOrEqualTo(commands);
    }

    /**
     * /health/ready holds the projector's lag against its bounds: ready while it keeps up, unready once blocks pile up past the
     * bound while it is stopped (the text says how far behind), ready again when it has caught up.
     */
    @Test
    void readinessFollowsTheProjectorsLagInBlocksAndSeconds() throws Exception {
        SystemQueries ledger = new SystemQueries(fabric.network());
        String channel = fabric.network().getName();
        try (TokenomicsService lagged = TokenomicsService.builder(db.dataSource()).port(0).readinessTimeout(Duration.ofSeconds(10))
                .readinessCheck("projector", new ProjectorLag(db.dataSource(), ledger, channel, 2L, null))
                .readinessCheck("projector-age", new ProjectorLag(db.dataSource(), ledger, channel, null, Duration.ZERO))
                .readinessCheck("projector-age-hour", new ProjectorLag(db.dataSource(), ledger, channel, null, Duration.ofHours(1)))
                .build().start()) {
            HttpCalls probes = new HttpCalls(lagged.port());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpCalls.Reply ready = probes.get("/health/ready", null);
                assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            });

            stopProjector();
            try {
                for (int i = 0; i < 3; i++) {
                    String location = http.post("/v1/commands", key, TokenomicsServiceTest.freshKey(), transfer("w003", "w004", 1)).header("Location");
                    long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
                    // One at a time, each committed before the next is POSTed: a block each.
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND status = 'COMMITTED'", id) == 1);
                }

                HttpCalls.Reply down = probes.get("/health/ready", null);
                assertThat(down.status()).as(down.body()).isEqualTo(503);
                JsonObject checks = down.json().getAsJsonObject("checks");
                Matcher behind = BLOCKS_BEHIND.matcher(checks.get("projector").getAsString());
                assertThat(behind.matches()).as(checks.toString()).isTrue();
                assertThat(Long.parseLong(behind.group(1))).isGreaterThanOrEqualTo(3);
                assertThat(checks.get("projector-age").getAsString())
                        .matches("DOWN: projector of tenant shop \\d+ blocks behind, block \\d+ waiting \\d+\\.\\d s \\(bound 0\\.0 s\\)");
                assertThat(checks.get("projector-age-hour").getAsString()).isEqualTo("UP");
                assertThat(checks.get("database").getAsString()).isEqualTo("UP");
            } finally {
                startProjector();
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpCalls.Reply ready = probes.get("/health/ready", null);
                assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                assertThat(ready.json().getAsJsonObject("checks").get("projector").getAsString()).isEqualTo("UP");
            });
        }
    }
}
