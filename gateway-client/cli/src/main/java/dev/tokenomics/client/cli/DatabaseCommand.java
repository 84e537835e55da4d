package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "database", mixinStandardHelpOptions = true,
        description = "Database utilities.", subcommands = DatabaseCommand.Serve.class)
final class DatabaseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        TokenomicsCli.requireSubcommand(spec);
    }

    /**
     * Keeps one embedded PostgreSQL running for several CLI processes (submitters, projector) on a
     * machine without PostgreSQL: they cannot each start their own on one data directory.
     */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run an embedded PostgreSQL until stopped (Ctrl-C / SIGTERM) and publish its JDBC URL.",
            footer = "Example: database serve --dir .demo/postgres --url-file .demo/db.url &%n"
                    + "         export TOKENOMICS_DB_URL=$(cat .demo/db.url)")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "Data directory (kept across runs)")
        Path dir;

        @Option(names = "--url-file", description = "Write the JDBC URL to this file once the server accepts connections")
        Path urlFile;

        @Override
        public Integer call() throws Exception {
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            try (Database database = DatabaseLocator.openEmbedded(dir, Database.PUBLIC_SCHEMA, 1)) {
                if (urlFile != null) {
                    Path partial = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
                    Files.writeString(partial, database.jdbcUrl(), StandardCharsets.UTF_8);
                    Files.move(partial, urlFile, StandardCopyOption.ATOMIC_MOVE);
                }
                System.out.println("database: embedded PostgreSQL at " + database.jdbcUrl() + " (stop with Ctrl-C)");
                stop.await();
                return 0;
            } finally {
                if (urlFile != null) {
                    Files.deleteIfExists(urlFile);
                }
            }
        }
    }
}
