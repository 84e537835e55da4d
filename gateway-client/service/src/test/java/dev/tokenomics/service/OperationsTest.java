package dev.tokenomics.service;

import static dev.tokenomics.service.TokenomicsServiceTest.assertProblem;
import static dev.tokenomics.service.TokenomicsServiceTest.freshKey;
import static dev.tokenomics.service.TokenomicsServiceTest.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.client.support.FailingDataSource;
import dev.tokenomics.client.support.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What operations teams use: the rate limit, /metrics, /health. */
class OperationsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static TestDatabase db;
    private static FailingDataSource dataSource;
    private static TokenomicsService service;
    private static HttpCalls http;
    private static String shopKey;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(4);
        dataSource = new FailingDataSource(db.dataSource());
        shopKey = new ApiKeys(db.dataSource()).create("shop").key();
        // A rate so slow that no token comes back during the test: the burst is all a tenant gets.
        service = TokenomicsService.builder(dataSource).port(0).rateLimit(0.001, 3).build().start();
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
    }

    /** The samples of a Prometheus text exposition, by series (name and labels as written). */
    static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    @Nested
    class RateLimit {
        @Test
        void aTenantOverItsBurstGetsA429WithRetryAfterAndNothingIsEnqueued() throws Exception {
            String tenant = "limited";
            String key = new ApiKeys(db.dataSource()).create(tenant).key();
            for (int i = 0; i < 3; i++) {
                assertThat(http.post("/v1/commands", key, freshKey(), transfer(1)).status()).isEqualTo(202);
            }
            String refused = freshKey();

            HttpCalls.Reply reply = http.post("/v1/commands", key, refused, transfer(1));

            assertProblem(reply, 429, "RATE_LIMITED");
            assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = ?", refused)).isZero();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ?", tenant)).isEqualTo(3);
            assertThat(samples(http.get("/metrics", null).body())).containsEntry("tokenomics_rate_limited_total{tenant=\"limited\"}", 1.0);
        }

        @Test
        void aMalformedBodyTakesNoToken() throws Exception {
            String key = new ApiKeys(db.dataSource()).create("careless").key();
            for (int i = 0; i < 5; i++) {
                assertThat(http.post("/v1/commands", key, freshKey(), "not json").status()).isEqualTo(400);
            }
            assertThat(http.post("/v1/commands", key, freshKey(), transfer(1)).status()).isEqualTo(202);
        }
    }

    @Nested
    class Metrics {
        @Test
        void theOutboxDepthPerTenantAndStatusAndTheRequestTimerAreExposed() throws Exception {
            String key = new ApiKeys(db.dataSource()).create("metered").key();
            http.post("/v1/commands", key, freshKey(), transfer(1));
            http.post("/v1/commands", key, freshKey(), transfer(2));
            db.execute("UPDATE outbox_command SET status = 'CONFIRMED' WHERE id = (SELECT min(id) FROM outbox_command WHERE tenant_id = 'metered')");
            db.execute("UPDATE outbox_command SET created_at = now() - interval '90 seconds' WHERE tenant_id = 'metered' AND status = 'PENDING'");

            HttpCalls.Reply reply = http.get("/metrics", null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("text/plain");
            Map<String, Double> samples = samples(reply.body());
            assertThat(samples).containsEntry("tokenomics_outbox_commands{status=\"PENDING\",tenant=\"metered\"}", 1.0)
                    .containsEntry("tokenomics_outbox_commands{status=\"CONFIRMED\",tenant=\"metered\"}", 1.0)
                    .containsEntry("tokenomics_outbox_commands{status=\"FAILED\",tenant=\"metered\"}", 0.0);
            assertThat(samples.get("tokenomics_outbox_oldest_due_pending_age_seconds{tenant=\"metered\"}")).isBetween(89.0, 3600.0);
            assertThat(samples.get("tokenomics_http_requests_seconds_count{method=\"POST\",route=\"/v1/commands\",status=\"202\"}")).isGreaterThanOrEqualTo(2.0);
        }

        @Test
        void aTenantWithoutAnActiveKeyIsNotExposed() throws Exception {
            ApiKeys keys = new ApiKeys(db.dataSource());
            keys.revoke(keys.create("gone").id());

            assertThat(http.get("/metrics", null).body()).doesNotContain("tenant=\"gone\"");
        }
    }

    @Nested
    class Health {
        @Test
        void liveIsUpAndReadyFollowsTheDatabase() throws Exception {
            assertThat(http.get("/health/live", null).json().get("status").getAsString()).isEqualTo("UP");
            HttpCalls.Reply ready = http.get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().getAsJsonObject("checks").get("database").getAsString()).isEqualTo("UP");

            dataSource.failNext(Integer.MAX_VALUE);
            try {
                HttpCalls.Reply down = http.get("/health/ready", null);
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().get("status").getAsString()).isEqualTo("DOWN");
                assertThat(down.json().getAsJsonObject("checks").get("database").getAsString()).startsWith("DOWN");
                assertThat(http.get("/health/live", null).status()).isEqualTo(200);
                assertProblem(http.post("/v1/commands", shopKey, freshKey(), transfer(1)), 503, "DATABASE_UNAVAILABLE");
            } finally {
                dataSource.failNext(0);
            }

            assertThat(http.get("/health/ready", null).status()).isEqualTo(200);
        }

        @Test
        void aPeerThatRefusesConnectionsMakesTheServiceUnready() throws Exception {
            ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            String endpoint = "127.0.0.1:" + peer.getLocalPort();
            try (TokenomicsService probed = TokenomicsService.builder(db.dataSource()).port(0)
                    .readinessCheck("peer", TcpProbe.of(endpoint, Duration.ofSeconds(2))).build().start()) {
                HttpCalls calls = new HttpCalls(probed.port());
                assertThat(calls.get("/health/ready", null).json().getAsJsonObject("checks").get("peer").getAsString()).isEqualTo("UP");

                peer.close();

                HttpCalls.Reply down = calls.get("/health/ready", null);
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().getAsJsonObject("checks").get("peer").getAsString()).startsWith("DOWN: " + endpoint);
                assertThat(down.json().getAsJsonObject("checks").get("database").getAsString()).isEqualTo("UP");
            }
        }
    }
}
