package dev.tokenomics.client.bench;

import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.outbox.RetryPolicy;
import dev.tokenomics.client.outbox.Submitter;
import dev.tokenomics.client.outbox.SubmitterHooks;
import dev.tokenomics.client.outbox.SubmitterSettings;
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
 * endorsement + complete by a submitter with N workers, until every command is COMMITTED.
 */
public final class OutboxBenchmark {
    private OutboxBenchmark() {
    }

    public static void run(String dbUrl, int commands, int batch, int[] workerCounts, int txBytes, PrintStream out) throws SQLException {
        out.printf("outbox benchmark: %d commands, claim batch %d, %d-byte stub transactions, PostgreSQL only%n", commands, batch, txBytes);
        out.println("workers | enqueue cmd/s | claim+complete cmd/s | enqueue+claim+complete cmd/s");
        for (int workers : workerCounts) {
            try (BenchSchema schema = new BenchSchema(dbUrl, workers + 4)) {
                List<NewCommand> load = new ArrayList<>(commands);
                for (int i = 0; i < commands; i++) {
                    // Distinct source wallets: ordering keys do not serialize the benchmark.
                    load.add(NewCommand.of("bench", CommandType.TRANSFER,
                            "{\"fromId\":\"w" + i + "\",\"toId\":\"sink\",\"amount\":1}", "b-" + i));
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
                SubmitterSettings settings = SubmitterSettings.defaults("bench").withWorkers(workers).withBatchSize(batch)
                        .withPollInterval(Duration.ofMillis(1)).withRetry(RetryPolicy.defaults());
                try (Submitter submitter = new Submitter(schema.database().dataSource(), new StubLedger(txBytes), settings, SubmitterHooks.NONE)) {
                    submitter.start();
                    // Watch the submitter's own counters: polling count(*) every few milliseconds
                    // would itself compete for the two cores being measured.
                    while (submitter.stats().committed() < commands) {
                        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                    }
                }
                long t2 = System.nanoTime();
                long inDatabase = committed(schema);
                if (inDatabase != commands) {
                    throw new IllegalStateException("benchmark run ended with " + inDatabase + " of " + commands + " commands COMMITTED");
                }
                out.printf("%7d | %13.0f | %20.0f | %28.0f%n", workers, commands / secs(t1 - t0), commands / secs(t2 - t1),
                        commands / secs(t2 - t0));
            }
        }
    }

    private static long committed(BenchSchema schema) throws SQLException {
        try (Connection c = schema.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_command WHERE status = 'COMMITTED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }
}
