package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.db.Migrations;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Database flags shared by every command that touches PostgreSQL. */
final class DatabaseOptions {
    @Option(names = "--db-url", description = "JDBC URL (default: $TOKENOMICS_DB_URL, else 127.0.0.1:5432 if it answers, else embedded)")
    String url;

    @Option(names = "--db-dir", description = "Data directory of the embedded PostgreSQL fallback (default: target/embedded-postgres)")
    Path embeddedDir;

    @Option(names = "--db-schema", defaultValue = "${env:TOKENOMICS_DB_SCHEMA:-public}",
            description = "Schema for the tables (default: $TOKENOMICS_DB_SCHEMA or public)")
    String schema;

    @Option(names = "--db-pool", defaultValue = "16", description = "Connection pool size (default: ${DEFAULT-VALUE})")
    int poolSize;

    Database open() {
        return DatabaseLocator.open(url, schema, embeddedDir, poolSize);
    }

    /** Opens and applies pending migrations, so every command works on a fresh database. */
    Database openMigrated() {
        Database database = open();
        Migrations.migrate(database.dataSource(), schema);
        return database;
    }
}
