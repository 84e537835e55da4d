package dev.tokenomics.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.support.TestDatabase;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code submitter --metrics-port} and {@code projector --metrics-port}: Prometheus text as a scraper reads it, and bad flags refused first. */
class MetricsEndpointTest {
    /** A sample line of the text format: name, optional labels, a value (and no timestamp: Micrometer writes none). */
    static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})? (-?[0-9.]+(E-?[0-9]+)?|NaN|\\+Inf|-Inf)");
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&connectTimeout=2";

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(4);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Every line is a comment (# HELP, # TYPE) or a sample. */
    static void assertPrometheusText(String body) {
        for (String line : body.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                assertThat(SAMPLE.matcher(line).matches()).as("a sample line: %s", line).isTrue();
            }
        }
    }

    @Nested
    class BadFlags {
        @Test
        void aPortOutOfRangeOrNotANumberIsBadInputBeforeAnythingIsOpened() {
            // An unreachable database: reaching it first would be exit 3, not 2.
            for (String command : new String[] {"submitter", "projector"}) {
                for (String port : new String[] {"70000", "-1", "http"}) {
                    CliRun run = run(command, "--db-url", NOWHERE, "--metrics-port", port);
                    assertThat(run.exit()).as(command + " " + port).isEqualTo(TokenomicsCli.BAD_INPUT);
                    assertThat(run.err()).as(command + " " + port).contains("--metrics-port must be a port number 0-65535, got '" + port + "'");
                }
            }
        }

        @Test
        void anAddressThatIsNoHostIsBadInputBeforeAnythingIsOpened() {
            CliRun run = run("projector", "--db-url", NOWHERE, "--metrics-port", "0", "--metrics-address", "no-such-host.invalid");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err().lines()).containsExactly("error: --metrics-address: no such host 'no-such-host.invalid'");
        }

        @Test
        void aTransactionsPerSecondCapThatIsNotAPositiveNumberIsBadInputBeforeAnythingIsOpened() {
            CliRun run = run("submitter", "--db-url", NOWHERE, "--max-tx-per-second", "-5");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("max transactions per second must be a number above 0 (0: no cap), got -5.0");
        }
    }

    @Test
    void theSubmitterServesItsMetersAndTheJvmsAsPrometheusText() throws Exception {
        CliRun genesis = run("genesis", "--connection", devnet.devnet().connectionEnv().toString(), "--wallets", "2", "--balance", "100");
        assertThat(genesis.exit()).as(genesis.err()).isZero();
        try (Connection connection = db.dataSource().getConnection()) {
            Outbox.enqueue(connection, NewCommand.of("cli-metrics", CommandType.TRANSFER, "{\"fromId\":\"w000\",\"toId\":\"w001\",\"amount\":7}", "m-1"));
        }

        CommandLine cli = TokenomicsCli.commandLine();
        cli.parseArgs("submitter", "--connection", devnet.devnet().connectionEnv().toString(), "--tenant", "cli-metrics",
                "--metrics-port", "0", "--max-tx-per-second", "50", "--db-url", db.baseUrl(), "--db-schema", db.schema(), "--db-pool", "4");
        SubmitterCommand submitter = cli.getSubcommands().get("submitter").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return submitter.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE tenant_id = 'cli-metrics' AND status = 'COMMITTED'") == 1 || exit.isDone());
            assertThat(exit).as("the submitter stopped early").isNotDone();
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + submitter.metrics.server.port() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValue(MetricsServer.CONTENT_TYPE);
            assertPrometheusText(scrape.body());
            assertThat(scrape.body())
                    .contains("tokenomics_submitter_commands_total{code=\"none\",outcome=\"COMMITTED\",tenant=\"cli-metrics\"} 1.0")
                    .contains("tokenomics_submitter_endorse_seconds_count{tenant=\"cli-metrics\"} 1")
                    .contains("tokenomics_submitter_commit_seconds_bucket{tenant=\"cli-metrics\",le=")
                    .contains("tokenomics_submitter_commands_in_flight{tenant=\"cli-metrics\"}")
                    .contains("tokenomics_submitter_throttled_total{tenant=\"cli-metrics\"} 0.0")
                    .contains("jvm_memory_used_bytes{").contains("process_cpu_usage ");
            HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + submitter.metrics.server.port() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.statusCode()).isEqualTo(404);
        } finally {
            submitter.stop.countDown();
        }
        assertThat(exit.get()).isZero();
    }
}
