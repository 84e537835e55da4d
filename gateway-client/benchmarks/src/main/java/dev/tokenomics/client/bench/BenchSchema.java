package dev.tokenomics.client.bench;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.db.LocalPostgres;
import dev.tokenomics.client.db.Migrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A throw-away migrated schema for one benchmark run, so figures never touch real data. */
final class BenchSchema implements AutoCloseable {
    private final Database database;
    private final String schema;

    BenchSchema(String baseUrl, int poolSize) throws SQLException {
        String base = baseUrl != null ? baseUrl : System.getenv("TOKENOMICS_DB_URL");
        if (base == null || base.isBlank()) {
            base = LocalPostgres.URL;
        }
        this.schema = "bench_" + Long.toString(System.nanoTime(), 36);
        try (Database admin = Database.connect(base, 1); Connection c = admin.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        this.database = Database.connect(base, schema, poolSize);
        Migrations.migrate(database.dataSource(), schema);
    }

    Database database() {
        return database;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
        database.close();
    }
}
