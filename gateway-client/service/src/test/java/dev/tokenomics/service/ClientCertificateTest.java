package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.client.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mTLS: a client certificate the truststore vouches for acts for the tenant its subject is mapped to; a trusted but unmapped one
 * is a 401; an untrusted one fails the handshake; API keys keep working on the same port.
 */
class ClientCertificateTest {
    @TempDir
    static Path dir;
    private static TestDatabase db;
    private static TokenomicsService service;
    private static Path serverKeys;
    private static Path shop;
    private static Path stranger;
    private static Path intruder;

    @BeforeAll
    static void setUp() throws Exception {
        serverKeys = Keytool.keyPair(dir, "service", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        shop = Keytool.keyPair(dir, "shop", "CN=shop-backend, O=Shop");
        stranger = Keytool.keyPair(dir, "stranger", "CN=stranger");
        intruder = Keytool.keyPair(dir, "intruder", "CN=shop-backend, O=Shop");
        Path truststore = dir.resolve("clients.p12");
        Keytool.trust(truststore, shop, "shop");
        Keytool.trust(truststore, stranger, "stranger");
        db = TestDatabase.create(2);
        // Mapped with other spacing and case than the certificate's: subjects compare as X.500 names.
        service = TokenomicsService.builder(db.dataSource()).port(0).tls(serverKeys, Keytool.PASSWORD)
                .clientCertificates(truststore, Keytool.PASSWORD, Map.of("cn=shop-backend,o=Shop", "shop")).build().start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
    }

    private static HttpResponse<String> post(HttpClient client, String apiKey, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + service.port() + "/v1/commands"))
                .header("Idempotency-Key", idempotencyKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TokenomicsServiceTest.transfer(1)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void aMappedCertificateActsForItsTenant() throws Exception {
        HttpResponse<String> accepted = post(Keytool.client(serverKeys, shop), null, "mtls-1");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(db.text("SELECT tenant_id FROM outbox_command WHERE idempotency_key = 'mtls-1'")).isEqualTo("shop");
    }

    @Test
    void aTrustedCertificateWhoseSubjectIsNotMappedIsUnauthorized() throws Exception {
        HttpResponse<String> refused = post(Keytool.client(serverKeys, stranger), null, "mtls-2");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("detail").getAsString()).contains("CN=stranger").contains("not mapped");
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'mtls-2'")).isZero();
    }

    @Test
    void noCertificateNeedsAnApiKeyAsWithoutMtls() throws Exception {
        HttpClient anonymous = Keytool.client(serverKeys, null);
        HttpResponse<String> refused = post(anonymous, null, "mtls-3");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("detail").getAsString()).contains("client certificate");

        String key = new ApiKeys(db.dataSource()).create("other").key();
        assertThat(post(anonymous, key, "mtls-3").statusCode()).isEqualTo(202);
        assertThat(db.text("SELECT tenant_id FROM outbox_command WHERE idempotency_key = 'mtls-3'")).isEqualTo("other");
    }

    @Test
    void aCertificateTheTruststoreDoesNotVouchForFailsTheHandshake() {
        assertThatThrownBy(() -> post(Keytool.client(serverKeys, intruder), null, "mtls-4")).isInstanceOf(IOException.class);
    }
}
