package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.db.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Create or upgrade the outbox and read-model tables (Flyway).")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() {
        try (Database database = db.open()) {
            int applied = Migrations.migrate(database.dataSource(), db.schema);
            System.out.println("migrate: " + applied + " migration(s) applied to schema " + db.schema);
            return 0;
        }
    }
}
