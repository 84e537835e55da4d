package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.contract.FabricConnection;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 202-and-poll walk-through for real: commands POSTed over HTTP are delivered by a submitter to the
 * devnet running the real chaincode jar, projected by a projector, and polled to CONFIRMED or FAILED.
 */
class ServiceEndToEndTest {
    private static final String TENANT = "shop";

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
        TestGenesis.distribute(fabric.contract(), "x509::CN=shop::CN=ca", balances);
        submitter = Submitter.builder(db.dataSource(), fabric.contract()).tenant(TENANT).workers(2).build();
        submitter.start();
        projector = Projector.builder(db.database()).network(fabric.network()).tenant(TENANT).build();
        projecting = new Thread(projector, "projector");
        projecting.start();
        key = new ApiKeys(db.dataSource()).create(TENANT).key();
        service = TokenomicsService.builder(db.dataSource()).port(0).build().start();
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
        if (projector != null) {
            projector.close();
            projecting.join(10_000);
        }
        if (submitter != null) {
            submitter.close();
        }
        if (fabric != null) {
            fabric.close();
        }
        db.close();
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

    @Test
    void postedTransfersArePolledToConfirmedOrFailedWithTheChaincodesCode() throws Exception {
        List<String> locations = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HttpCalls.Reply accepted = http.post("/v1/commands", key, "e2e-" + i, TokenomicsServiceTest.transfer(10));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            locations.add(accepted.header("Location"));
        }
        String overdraft = http.post("/v1/commands", key, "e2e-overdraft", TokenomicsServiceTest.transfer(1_000)).header("Location");

        for (String location : locations) {
            JsonObject done = pollUntilDone(location);
            assertThat(done.get("status").getAsString()).as(done.toString()).isEqualTo("CONFIRMED");
            assertThat(done.get("transactionId").getAsString()).isNotBlank();
            assertThat(done.get("blockNumber").getAsLong()).isPositive();
        }
        JsonObject failed = pollUntilDone(overdraft);
        assertThat(failed.get("status").getAsString()).isEqualTo("FAILED");
        assertThat(failed.get("reason").getAsString()).isEqualTo("INSUFFICIENT_FUNDS");

        assertThat(http.get("/v1/wallets/w002", key).json().get("balance").getAsLong()).isEqualTo(31);
        assertThat(http.get("/v1/wallets/w002/transactions", key).json().getAsJsonArray("items")).hasSizeGreaterThanOrEqualTo(4);
        Map<String, Double> samples = PrometheusText.parse(http.get("/metrics", null).body());
        assertThat(samples).containsEntry("tokenomics_outbox_commands{status=\"CONFIRMED\",tenant=\"shop\"}", 3.0)
                .containsEntry("tokenomics_outbox_commands{status=\"FAILED\",tenant=\"shop\"}", 1.0)
                .containsEntry("tokenomics_outbox_commands{status=\"PENDING\",tenant=\"shop\"}", 0.0);
    }
}
