package dev.tokenomics.client.support;

import dev.tokenomics.client.db.LocalPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL server the tests use: TOKENOMICS_DB_URL if set, else the local one on
 * 127.0.0.1:5432, else one embedded server per test JVM (binaries from Maven jars), so the suite
 * also runs on a machine with no PostgreSQL installed.
 */
final class TestServer {
    private static String url;

    private TestServer() {
    }

    static synchronized String url() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    private static String resolve() {
        String env = System.getenv("TOKENOMICS_DB_URL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (LocalPostgres.answers()) {
            return LocalPostgres.URL;
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            return embedded.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("no TOKENOMICS_DB_URL, no PostgreSQL on 127.0.0.1:5432, and the embedded one did not start", e);
        }
    }
}
