package dev.tokenomics.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve and api-key as an operator runs them: a key created on the command line opens the API that serve runs. */
class ServeCommandTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(2);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void aKeyCreatedOnTheCommandLineOpensTheApiUntilRevoked() throws Exception {
        CliRun created = run("api-key", "create", "--tenant", "shop", "--db-url", db.baseUrl(), "--db-schema", db.schema(), "--db-pool", "2");
        assertThat(created.exit()).as(created.err()).isZero();
        String key = created.out().trim();
        assertThat(key).startsWith("tk_").doesNotContain("\n");
        assertThat(db.count("SELECT count(*) FROM service_api_key WHERE tenant_id = 'shop' AND key_hash = sha256(convert_to(?, 'UTF8'))", key))
                .as("only the hash is stored").isEqualTo(1);

        CommandLine cli = TokenomicsCli.commandLine();
        cli.parseArgs("serve", "--port", "0", "--rate-limit", "0", "--api-key-cache-ttl", "PT1S", "--db-url", db.baseUrl(), "--db-schema", db.schema(), "--db-pool", "2");
        ServeCommand parsed = cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return parsed.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> parsed.running != null || exit.isDone());
        assertThat(exit).as("serve stopped before listening").isNotDone();
        String base = "http://127.0.0.1:" + parsed.running.port();
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/commands"))
                    .header("Authorization", "Bearer " + key).header("Idempotency-Key", "cli-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"MINT\",\"payload\":{\"walletId\":\"w001\",\"amount\":5}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            long id = db.count("SELECT id FROM service_api_key WHERE tenant_id = 'shop'");
            assertThat(run("api-key", "revoke", "--id", Long.toString(id), "--db-url", db.baseUrl(), "--db-schema", db.schema(), "--db-pool", "2").exit()).isZero();
            assertThat(run("api-key", "revoke", "--id", Long.toString(id), "--db-url", db.baseUrl(), "--db-schema", db.schema(), "--db-pool", "2").exit())
                    .isEqualTo(TokenomicsCli.REJECTED);
            // Refused once the service's cached entry for the key expires (--api-key-cache-ttl).
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/v1/commands/1"))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 401);
        } finally {
            parsed.stop.countDown();
        }
        assertThat(exit.get()).isZero();
    }

    @Test
    void serveAndApiKeyHaveHelpWithTheirExitCodes() {
        for (String command : new String[] {"serve", "api-key create", "api-key revoke"}) {
            CliRun help = run((command + " --help").split(" "));
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage:").contains("Exit codes:");
        }
        assertThat(run("api-key").exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
    }

    @Test
    void aLagBoundNeedsTheConnectionSettingsAndANonNegativeValue() {
        CliRun unreadable = run("serve", "--port", "0", "--ready-max-lag-blocks", "5", "--connection", "/nonexistent/connection.env",
                "--db-url", db.baseUrl(), "--db-schema", db.schema(), "--db-pool", "2");
        assertThat(unreadable.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
        assertThat(unreadable.err()).contains("/nonexistent/connection.env");

        CliRun negative = run("serve", "--port", "0", "--ready-max-lag-seconds", "-1", "--db-url", db.baseUrl(), "--db-schema", db.schema());
        assertThat(negative.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
        assertThat(negative.err()).contains("--ready-max-lag-seconds");
    }

    @Test
    void clientCertificatesNeedATruststoreAMappingAndTls() {
        CliRun noMapping = run("serve", "--port", "0", "--tls-truststore", "clients.p12", "--db-url", db.baseUrl(), "--db-schema", db.schema());
        assertThat(noMapping.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
        assertThat(noMapping.err()).contains("--client-cert-tenant");

        CliRun noTls = run("serve", "--port", "0", "--tls-truststore", "clients.p12", "--client-cert-tenant", "shop=CN=shop-backend,O=Shop",
                "--db-url", db.baseUrl(), "--db-schema", db.schema());
        assertThat(noTls.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
        assertThat(noTls.err()).contains("--tls-keystore");
    }
}
