package dev.tokenomics.client.cli;

import dev.tokenomics.client.config.ConfigException;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.db.DatabaseUnavailableException;
import dev.tokenomics.client.db.LocalPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a CLI command uses, resolved in a fixed order so the same CLI works on a laptop
 * without PostgreSQL: the {@code --db-url} flag, else {@code TOKENOMICS_DB_URL}, else the
 * PostgreSQL on 127.0.0.1:5432 if it answers, else an embedded PostgreSQL whose data directory
 * survives restarts. The embedded fallback lives here, not in the library, so an application
 * that embeds the library never pulls PostgreSQL binaries.
 */
final class DatabaseLocator {
    private static final Logger log = LoggerFactory.getLogger(DatabaseLocator.class);
    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    static final Path DEFAULT_EMBEDDED_DIR = Path.of("target", "embedded-postgres");

    private DatabaseLocator() {
    }

    static Database open(String explicitUrl, String schema, Path embeddedDir, int poolSize) {
        boolean explicit = explicitUrl != null && !explicitUrl.isBlank();
        String url = explicit ? explicitUrl : System.getenv("TOKENOMICS_DB_URL");
        if (url != null && !url.isBlank()) {
            requireJdbcUrl(url, explicit ? "--db-url" : "TOKENOMICS_DB_URL");
            log.info("database: {}", Database.redact(url));
            return Database.connect(url, schema, poolSize);
        }
        if (LocalPostgres.answers()) {
            log.info("database: local PostgreSQL at 127.0.0.1:5432");
            return Database.connect(LocalPostgres.URL, schema, poolSize);
        }
        return openEmbedded(embeddedDir, schema, poolSize);
    }

    /**
     * Refuses a URL the PostgreSQL driver would not take before connecting: the driver answers one
     * with "no suitable driver", which would read as an unreachable database (exit 3) when it is a
     * configuration mistake (exit 2). Only the part before the first ':' is repeated, since a
     * mistyped URL such as postgres://user:secret@host can hold a password.
     */
    static void requireJdbcUrl(String url, String source) {
        if (!url.startsWith(JDBC_PREFIX)) {
            int colon = url.indexOf(':');
            String shown = colon < 0 ? "'" + url + "'" : "one starting '" + url.substring(0, colon) + ":'";
            throw new ConfigException(source + " must be a PostgreSQL JDBC URL (" + JDBC_PREFIX + "//host:5432/database?user=...), got "
                    + shown);
        }
    }

    /**
     * Starts an embedded PostgreSQL (binaries from Maven jars) whose data directory survives
     * restarts, and opens a pool on it; closing the database stops the server.
     */
    static Database openEmbedded(Path dir, String schema, int poolSize) {
        Path dataDir = dir != null ? dir : DEFAULT_EMBEDDED_DIR;
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            log.info("database: embedded PostgreSQL in {} ({})", dataDir.toAbsolutePath(), url);
            return Database.connect(url, schema, poolSize, pg);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("no TOKENOMICS_DB_URL, no PostgreSQL on 127.0.0.1:5432, "
                    + "and the embedded PostgreSQL in " + dataDir.toAbsolutePath() + " did not start: " + e.getMessage(), e);
        }
    }
}
