package dev.tokenomics.service;

import static dev.tokenomics.service.TokenomicsServiceTest.assertProblem;
import static dev.tokenomics.service.TokenomicsServiceTest.freshKey;
import static dev.tokenomics.service.TokenomicsServiceTest.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.support.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What operations teams use: the rate limit, /metrics, /health. */
class OperationsTest {
    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+):(\\d+)/");
    private static TestDatabase db;
    private static TokenomicsService service;
    private static HttpCalls http;
    private static String shopKey;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(4);
        shopKey = new ApiKeys(db.dataSource()).create("shop").key();
        // A rate so slow that no token comes back during the test: the burst is all a tenant gets.
        service = TokenomicsService.builder(db.dataSource()).port(0).rateLimit(0.001, 3).build().start();
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
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
            assertThat(Long.parseLong(reply.header("Retry-After"))).as("one token per 1,000 s").isBetween(1L, 1000L);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = ?", refused)).isZero();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ?", tenant)).isEqualTo(3);
            assertThat(PrometheusText.parse(http.get("/metrics", null).body())).containsEntry("tokenomics_rate_limited_total{tenant=\"limited\"}", 1.0);
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
            Map<String, Double> samples = PrometheusText.parse(reply.body());
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
        /**
         * The database really goes away and comes back: the service's pool reaches PostgreSQL through a forwarder that is cut
         * (connections reset, new ones refused) and restored. The pool waits 10 s for a connection; readiness answers within its own
         * 1 s bound all the same.
         */
        @Test
        void readyTurnsDownWhenTheDatabaseGoesAwayAndUpWhenItReturns() throws Exception {
            Matcher server = HOST_PORT.matcher(db.baseUrl());
            assertThat(server.find()).as(db.baseUrl()).isTrue();
            try (TcpForwarder forwarder = new TcpForwarder(server.group(1), Integer.parseInt(server.group(2)));
                 Database viaForwarder = Database.connect(server.replaceFirst("jdbc:postgresql://127.0.0.1:" + forwarder.port() + "/"), db.schema(), 2);
                 TokenomicsService cut = TokenomicsService.builder(viaForwarder.dataSource()).port(0).readinessTimeout(Duration.ofSeconds(1))
                         .build().start()) {
                HttpCalls calls = new HttpCalls(cut.port());
                HttpCalls.Reply ready = calls.get("/health/ready", null);
                assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                assertThat(ready.json().getAsJsonObject("checks").get("database").getAsString()).isEqualTo("UP");

                forwarder.cut();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpCalls.Reply down = calls.get("/health/ready", null);
                    assertThat(down.status()).as(down.body()).isEqualTo(503);
                    assertThat(down.json().get("status").getAsString()).isEqualTo("DOWN");
                    assertThat(down.json().getAsJsonObject("checks").get("database").getAsString()).startsWith("DOWN");
                });
                assertThat(calls.get("/health/live", null).status()).isEqualTo(200);
                String refused = freshKey();
                assertProblem(calls.post("/v1/commands", shopKey, refused, transfer(1)), 503, "DATABASE_UNAVAILABLE");

                forwarder.restore();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(calls.get("/health/ready", null).status()).isEqualTo(200));
                assertThat(calls.post("/v1/commands", shopKey, refused, transfer(1)).status()).isEqualTo(202);
                assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = ?", refused)).isEqualTo(1);
            }
        }

        /** A check that hangs (a database that accepts connections and never answers, say) is DOWN once the bound passes, and later probes wait for the same run. */
        @Test
        void aCheckThatDoesNotAnswerIsDownWithinTheReadinessBound() throws Exception {
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            try (TokenomicsService hanging = TokenomicsService.builder(db.dataSource()).port(0).readinessTimeout(Duration.ofMillis(300))
                    .readinessCheck("stuck", () -> runs.incrementAndGet() > 0 && never.await(1, TimeUnit.HOURS)).build().start()) {
                HttpCalls calls = new HttpCalls(hanging.port());
                for (int probe = 0; probe < 3; probe++) {
                    HttpCalls.Reply down = calls.get("/health/ready", null);
                    assertThat(down.status()).isEqualTo(503);
                    assertThat(down.json().getAsJsonObject("checks").get("stuck").getAsString()).isEqualTo("DOWN: no answer within 300 ms");
                    assertThat(down.json().getAsJsonObject("checks").get("database").getAsString()).isEqualTo("UP");
                }
                assertThat(runs).as("probes join the check still running instead of piling up threads").hasValue(1);
            } finally {
                never.countDown();
            }
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
