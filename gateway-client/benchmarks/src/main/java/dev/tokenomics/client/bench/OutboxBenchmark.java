package dev.tokenomics.client.bench;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.outbox.Submitter;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Outbox throughput on PostgreSQL alone (ledger stubbed): batched enqueue, then claim + record
 * endorsement + complete by a submitter with N workers, until every command is COMMITTED. Also
 * prints the CPU the submitter's JVM and its PostgreSQL backends spent per 1,000 commands, which,
 * unlike commands/s, does not swing with the load of a shared machine.
 */
public final class OutboxBenchmark {
    private static final String APPLICATION_NAME = "tokenomics-bench-outbox";

    private OutboxBenchmark() {
    }

    /** Enough commands for the JIT to compile the submitter's and the driver's hot paths. */
    private static final int WARMUP_COMMANDS = 20_000;

    public static void run(String dbUrl, int commands, int batch, int maxPerTransaction, int[] workerCounts, int txBytes, PrintStream out)
            throws SQLException {
        out.printf("outbox benchmark: %d commands, claim batch %d, up to %d per transaction, %d-byte stub transactions, PostgreSQL only%n",
                commands, batch, maxPerTransaction, txBytes);
        // Not printed: without it the compiler's CPU lands on whichever run comes first, and the
        // first run's commands/s measures a JVM still interpreting the hot paths.
        runOnce(dbUrl, WARMUP_COMMANDS, batch, maxPerTransaction, 4, txBytes);
        out.println("workers | enqueue cmd/s | claim+complete cmd/s | enqueue+claim+complete cmd/s | CPU ms/1k cmd: JVM + PostgreSQL");
        for (int workers : workerCounts) {
            Run run = runOnce(dbUrl, commands, batch, maxPerTransaction, workers, txBytes);
            out.printf("%7d | %13.0f | %20.0f | %28.0f | %s%n", workers, commands / secs(run.enqueueNanos), commands / secs(run.processNanos),
                    commands / secs(run.enqueueNanos + run.processNanos), perThousand(run.cpu, commands));
        }
    }

    private record Run(long enqueueNanos, long processNanos, CpuMeter.Reading cpu) {
    }

    private static Run runOnce(String dbUrl, int commands, int batch, int maxPerTransaction, int workers, int txBytes) throws SQLException {
        try (BenchSchema schema = new BenchSchema(dbUrl, 2)) {
            List<NewCommand> load = new ArrayList<>(commands);
            for (int i = 0; i < commands; i++) {
                // Distinct wallets: neither ordering keys nor shared destinations serialize the benchmark.
                load.add(NewCommand.of("bench", CommandType.TRANSFER,
                        "{\"fromId\":\"w" + i + "\",\"toId\":\"v" + i + "\",\"amount\":1}", "b-" + i));
            }
            long t0 = System.nanoTime();
            try (Connection connection = schema.database().dataSource().getConnection()) {
                connection.setAutoCommit(false);
                for (int from = 0; from < commands; from += 1000) {
                    Outbox.enqueueAll(connection, load.subList(from, Math.min(commands, from + 1000)));
                    connection.commit();
                }
            }
            long t1 = System.nanoTime();
            // The submitter's own pool, named, so the CPU of exactly its backends can be read.
            String applicationName = APPLICATION_NAME + "-" + ProcessHandle.current().pid();
            CpuMeter cpu = new CpuMeter(schema.database().dataSource(), applicationName);
            CpuMeter.Reading used;
            try (Database submitterDb = Database.connect(schema.database().jdbcUrl() + "&ApplicationName=" + applicationName, workers + 2);
                 Submitter submitter = Submitter.builder(submitterDb.dataSource(), new StubLedger(txBytes)).tenant("bench")
                         .workers(workers).batchSize(batch).maxCommandsPerTransaction(maxPerTransaction)
                         .pollInterval(Duration.ofMillis(1)).build()) {
                CpuMeter.Reading before = cpu.read();
                submitter.start();
                // Watch the submitter's own counters: polling count(*) every few milliseconds
                // would itself compete for the two cores being measured.
                while (submitter.stats().committed() < commands) {
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                }
                used = cpu.read().minus(before);
            }
            long t2 = System.nanoTime();
            long inDatabase = committed(schema);
            if (inDatabase != commands) {
                throw new IllegalStateException("benchmark run ended with " + inDatabase + " of " + commands + " commands COMMITTED");
            }
            return new Run(t1 - t0, t2 - t1, used);
        }
    }

    private static long committed(BenchSchema schema) throws SQLException {
        try (Connection c = schema.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_command WHERE status = 'COMMITTED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String perThousand(CpuMeter.Reading used, int commands) {
        double client = used.clientNanos() / 1e6 / commands * 1000;
        return used.serverNanos() < 0 ? String.format("%.0f + unknown", client)
                : String.format("%.0f + %.0f", client, used.serverNanos() / 1e6 / commands * 1000);
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }
}
