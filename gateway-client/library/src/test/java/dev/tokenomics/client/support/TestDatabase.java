package dev.tokenomics.client.support;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.db.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A fresh, migrated schema on the real PostgreSQL ({@link TestServer}) for one test class; dropped
 * on close.
 */
public final class TestDatabase implements AutoCloseable {
    private final String baseUrl;
    private final String schema;
    private final Database database;

    private TestDatabase(String baseUrl, String schema, Database database) {
        this.baseUrl = baseUrl;
        this.schema = schema;
        this.database = database;
    }

    public static TestDatabase create(int poolSize) {
        return create(poolSize, null);
    }

    /**
     * A fresh schema migrated up to {@code version} only (null: all), to hold rows an older schema
     * accepted; {@link #migrate()} then applies the rest as an upgrade would.
     */
    public static TestDatabase create(int poolSize, String version) {
        String baseUrl = TestServer.url();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(baseUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("test database at " + baseUrl + " is not reachable: " + e.getMessage(), e);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Database database = Database.connect(url, poolSize);
        if (version == null) {
            Migrations.migrate(database.dataSource(), schema);
        } else {
            Flyway.configure().dataSource(database.dataSource()).schemas(schema).defaultSchema(schema).locations("classpath:db/migration")
                    .target(version).load().migrate();
        }
        return new TestDatabase(baseUrl, schema, database);
    }

    /** Applies the pending migrations; returns how many ran. */
    public int migrate() {
        return Migrations.migrate(database.dataSource(), schema);
    }

    public Database database() {
        return database;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** The server URL without the schema (pair it with {@link #schema()}). */
    public String baseUrl() {
        return baseUrl;
    }

    public String schema() {
        return schema;
    }

    public long count(String sql, Object... args) throws SQLException {
        return first(sql, args, rs -> rs.getLong(1));
    }

    /** The single text value {@code sql} selects. */
    public String text(String sql, Object... args) throws SQLException {
        return first(sql, args, rs -> rs.getString(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T first(String sql, Object[] args, Column<T> column) throws SQLException {
        try (Connection connection = dataSource().getConnection(); var select = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setObject(i + 1, args[i]);
            }
            try (var rs = select.executeQuery()) {
                rs.next();
                return column.read(rs);
            }
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        database.close();
        try (Connection connection = DriverManager.getConnection(baseUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
