package dev.tokenomics.client.bench;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.support.ChainSource;
import dev.tokenomics.client.support.TransferChain;
import dev.tokenomics.client.projector.Projector;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Projector replay speed, as after a rebuild from block 0 or a projector outage: the real
 * {@link Projector} (lease, fence, checkpoint) catches up on a pre-built chain of transfers in
 * Fabric's protobuf layout. With {@code confirmCommands}, every transfer has an outbox command
 * waiting in COMMITTED, so the run also measures confirmations.
 */
public final class ProjectorReplayBenchmark {
    private static final String TENANT = "bench";
    private static final String CHANNEL = "mychannel";
    private static final String APPLICATION_NAME = "tokenomics-bench-projector";
    private static final String[] PROJECTOR_THREADS = {"bench-projector", "projector-reader-"};

    private ProjectorReplayBenchmark() {
    }

    public static void run(String dbUrl, int blockCount, int perBlock, int wallets, int maxBatchTransactions, boolean confirmCommands,
                           PrintStream out)
            throws SQLException, InterruptedException {
        TransferChain chain = TransferChain.build(TENANT, blockCount, perBlock, wallets);
        try (BenchSchema schema = new BenchSchema(dbUrl, 2);
             Database projectorDb = Database.connect(schema.database().jdbcUrl() + "&ApplicationName=" + APPLICATION_NAME, 2)) {
            if (confirmCommands) {
                seedCommittedCommands(schema, chain);
            }
            CpuMeter cpu = new CpuMeter(schema.database().dataSource(), APPLICATION_NAME);
            CountDownLatch caughtUp = new CountDownLatch(1);
            AtomicLong commits = new AtomicLong();
            AtomicLong confirmed = new AtomicLong();
            Projector projector = Projector.builder(projectorDb).blockSource(new ChainSource(chain.blocks()), CHANNEL).tenant(TENANT)
                    .holder("bench").maxBatchTransactions(maxBatchTransactions).onApplied(applied -> {
                        commits.incrementAndGet();
                        confirmed.addAndGet(applied.confirmedCommands());
                        if (applied.lastBlock() == chain.lastBlock()) {
                            caughtUp.countDown();
                        }
                    }).build();
            Thread thread = new Thread(projector, "bench-projector");
            CpuMeter.Reading before = cpu.read(PROJECTOR_THREADS);
            long started = System.nanoTime();
            thread.start();
            double seconds;
            CpuMeter.Reading used;
            try {
                if (!caughtUp.await(30, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the projector did not reach block " + chain.lastBlock() + " within 30 minutes");
                }
                seconds = (System.nanoTime() - started) / 1e9;
                used = cpu.read(PROJECTOR_THREADS).minus(before); // while the reader thread still runs
            } finally {
                projector.close();
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            long transfers = (long) blockCount * perBlock;
            out.printf("projector replay: %d blocks x %d transfers among %d wallets%s, %d DB commits (at most %d transactions each): "
                            + "%.2f s, %.0f transfers/s, %.1f blocks/s%n",
                    blockCount, perBlock, wallets, confirmCommands ? " (" + confirmed.get() + " commands confirmed)" : "", commits.get(),
                    maxBatchTransactions,
                    seconds, transfers / seconds, blockCount / seconds);
            out.printf("projector replay: CPU per 1,000 transfers: client JVM %.1f ms (projector threads %.1f ms), PostgreSQL backends %s%n",
                    used.clientNanos() / 1e6 / (transfers / 1000.0), used.threadNanos() / 1e6 / (transfers / 1000.0),
                    used.serverNanos() < 0 ? "unknown (needs a superuser on the same host)"
                            : String.format("%.1f ms", used.serverNanos() / 1e6 / (transfers / 1000.0)));
        }
    }

    /** One COMMITTED command per transfer, as when the projector was down while submitters kept working. */
    private static void seedCommittedCommands(BenchSchema schema, TransferChain chain) throws SQLException {
        try (Connection connection = schema.database().dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key, status, fabric_tx_id,
                                                 validation_code, committed_at)
                     SELECT ?, 'TRANSFER', '{}'::jsonb, tx_id, 'bench:' || tx_id, 'COMMITTED', tx_id, 'VALID', now()
                     FROM unnest(?::text[]) AS t(tx_id)""")) {
            insert.setString(1, chain.tenantId());
            insert.setArray(2, connection.createArrayOf("text", chain.transferTxIds().toArray()));
            insert.executeUpdate();
        }
        schema.execute("VACUUM ANALYZE outbox_command");
    }
}
