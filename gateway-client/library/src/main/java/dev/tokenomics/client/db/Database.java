package dev.tokenomics.client.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection pool on the application's PostgreSQL, optionally with a search path of its own
 * schema, plus the dedicated connections the projector's lease needs. Where the database comes
 * from (a URL, a local server, an embedded one) is the caller's choice; the CLI's is in its
 * {@code DatabaseLocator}.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    public static final String PUBLIC_SCHEMA = "public";

    private final String jdbcUrl;
    private final HikariDataSource pool;
    private final AutoCloseable server;

    private Database(String jdbcUrl, int poolSize, AutoCloseable server) {
        this.jdbcUrl = jdbcUrl;
        this.server = server;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("tokenomics");
        config.setConnectionTimeout(10_000);
        // Fail fast on an unreachable server instead of hanging the caller.
        config.setInitializationFailTimeout(10_000);
        this.pool = new HikariDataSource(config);
    }

    /** Opens a pool of {@code poolSize} connections on {@code jdbcUrl}, in the public schema. */
    public static Database connect(String jdbcUrl, int poolSize) {
        return connect(jdbcUrl, PUBLIC_SCHEMA, poolSize);
    }

    /** As {@link #connect(String, int)}, with connections whose search path is {@code schema}. */
    public static Database connect(String jdbcUrl, String schema, int poolSize) {
        return connect(jdbcUrl, schema, poolSize, null);
    }

    /**
     * As {@link #connect(String, String, int)}, on a server this process runs (an embedded
     * PostgreSQL): {@code server} is closed after the pool.
     */
    public static Database connect(String jdbcUrl, String schema, int poolSize, AutoCloseable server) {
        return new Database(inSchema(jdbcUrl, schema), poolSize, server);
    }

    private static String inSchema(String url, String schema) {
        return PUBLIC_SCHEMA.equals(schema) ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** {@code url} with its password masked, for logs. */
    public static String redact(String url) {
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
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("the database server did not stop cleanly", e);
            }
        }
    }
}
