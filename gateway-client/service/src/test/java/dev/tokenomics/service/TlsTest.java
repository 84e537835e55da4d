package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a keystore, the service speaks HTTPS only, with that certificate. */
class TlsTest {
    @TempDir
    static Path dir;
    private static TestDatabase db;
    private static TokenomicsService service;
    private static Path keystore;

    @BeforeAll
    static void setUp() throws Exception {
        keystore = Keytool.keyPair(dir, "service", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        db = TestDatabase.create(2);
        service = TokenomicsService.builder(db.dataSource()).port(0).tls(keystore, Keytool.PASSWORD).build().start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
    }

    @Test
    void answersHttpsWithTheKeystoresCertificate() throws Exception {
        HttpResponse<String> live = Keytool.client(keystore, null).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + service.port() + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.sslSession()).isPresent();
    }

    @Test
    void refusesPlainHttp() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/health/live"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
