package dev.tokenomics.client.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Schema changes go only through the Flyway migrations in {@code db/migration}. */
public final class Migrations {
    private Migrations() {
    }

    /** Applies pending migrations to {@code schema} (created if absent); returns how many ran. */
    public static int migrate(DataSource dataSource, String schema) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
