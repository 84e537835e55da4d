package dev.tokenomics.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.projector.BlockSource;
import dev.tokenomics.client.projector.Projector;
import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.service.ApiKeys;
import dev.tokenomics.service.TokenomicsService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ops/grafana/tokenomics-dashboard.json queries only series the code exports: the names in its
 * queries are compared with what a submitter's and a projector's registry (with the JVM binders of
 * {@code --metrics-port}) and the HTTP service's {@code /metrics} actually render, so a renamed
 * meter fails here instead of leaving an empty panel.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("../../ops/grafana/tokenomics-dashboard.json");
    private static final Pattern SERIES = Pattern.compile("\\b((?:tokenomics|jvm|process)_[a-z0-9_]+)\\b");

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws Exception {
        Set<String> queried = queriedSeries(JsonParser.parseString(Files.readString(DASHBOARD)));
        assertThat(queried).as("the dashboard's queries").isNotEmpty();

        Set<String> exported = new TreeSet<>();
        try (TestDatabase db = TestDatabase.create(4);
             MetricsServer endpoint = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            PrometheusMeterRegistry registry = (PrometheusMeterRegistry) endpoint.registry();
            try (Submitter submitter = Submitter.builder(db.dataSource(), new InMemoryLedger()).tenant("dash").meterRegistry(registry).build();
                 Projector projector = Projector.builder(db.database()).blockSource(new NoBlocks(), "dash-channel").tenant("dash")
                         .meterRegistry(registry).build()) {
                System.gc(); // the GC binder registers its pause timer at the first collection it hears of
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.scrape().contains("jvm_gc_pause_seconds"));
                exported.addAll(names(registry.scrape()));
            }
            exported.addAll(serviceSeries(db));
        }
        assertThat(exported).containsAll(queried);
    }

    /** The service's /metrics after a request and a refusal with 429, so its request timer and rate-limit counter exist. */
    private static Set<String> serviceSeries(TestDatabase db) throws Exception {
        String key = new ApiKeys(db.dataSource()).create("dash").key();
        try (TokenomicsService service = TokenomicsService.builder(db.dataSource()).port(0).rateLimit(0.001, 1).build().start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + service.port();
            int last = 0;
            for (int i = 0; i < 2; i++) {
                last = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/commands")).header("Authorization", "Bearer " + key)
                        .header("Idempotency-Key", "dash-" + i).POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\":\"MINT\",\"payload\":{\"walletId\":\"w001\",\"amount\":5}}")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            }
            assertThat(last).as("the second POST within the bucket's refill").isEqualTo(429);
            return names(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    /** The series names of Prometheus text: every sample's name (with its _bucket, _count, _sum, _total suffix). */
    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** The series names in every query of the dashboard (panel targets and template variables). */
    private static Set<String> queriedSeries(JsonElement element) {
        Set<String> found = new TreeSet<>();
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
                JsonElement value = entry.getValue();
                if ((entry.getKey().equals("expr") || entry.getKey().equals("query")) && value.isJsonPrimitive()) {
                    Matcher matcher = SERIES.matcher(value.getAsString());
                    while (matcher.find()) {
                        found.add(matcher.group(1));
                    }
                } else {
                    found.addAll(queriedSeries(value));
                }
            }
        } else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(item -> found.addAll(queriedSeries(item)));
        }
        return found;
    }

    /** A source the projector never reads here: only its meters are registered. */
    private static final class NoBlocks implements BlockSource {
        @Override
        public BlockStream open(long startBlock) {
            throw new UnsupportedOperationException("not streamed in this test");
        }
    }
}
