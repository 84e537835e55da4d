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

    public static void run(String dbUrl, int blockCount, int perBlock, int perTransaction, int wallets, int maxBatchCommands,
                           boolean confirmCommands, PrintStream out)
            throws SQLException, InterruptedException {
        TransferChain chain = TransferChain.build(TENANT, blockCount, perBlock, wallets, perTransaction);
        try (BenchSchema schema = new BenchSchema(dbUrl, 2);
             Database projectorDb = Database.connect(schema.database().jdbcUrl() + "&ApplicationName=" + APPLICATION_NAME, 2)) {
            if (confirmCommands) {
                seedCommittedCommands(schema, chain, perTransaction > 1);
            }
            CpuMeter cpu = new CpuMeter(schema.database().dataSource(), APPLICATION_NAME);
            CountDownLatch caughtUp = new CountDownLatch(1);
            AtomicLong commits = new AtomicLong();
            AtomicLong confirmed = new AtomicLong();
            Projector projector = Projector.builder(projectorDb).blockSource(new ChainSource(chain.blocks()), CHANNEL).tenant(TENANT)
                    .holder("bench").maxBatchCommands(maxBatchCommands).onApplied(applied -> {
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
            out.printf("projector replay: %d blocks x %d transfers (%s) among %d wallets%s, %d DB commits (at most %d commands each): "
                            + "%.2f s, %.0f transfers/s, %.1f blocks/s%n",
                    blockCount, perBlock, perTransaction == 1 ? "one per transaction" : perTransaction + " per ApplyCommands transaction",
                    wallets, confirmCommands ? " (" + confirmed.get() + " commands confirmed)" : "", commits.get(),
                    maxBatchCommands,
                    seconds, transfers / seconds, blockCount / seconds);
            out.printf("projector replay: CPU per 1,000 transfers: client JVM %.1f ms (projector threads %.1f ms), PostgreSQL backends %s%n",
                    used.clientNanos() / 1e6 / (transfers / 1000.0), used.threadNanos() / 1e6 / (transfers / 1000.0),
                    used.serverNanos() < 0 ? "unknown (needs a superuser on the same host)"
                            : String.format("%.1f ms", used.serverNanos() / 1e6 / (transfers / 1000.0)));
        }
    }

    /**
     * One COMMITTED command per transfer, as when the projector was down while submitters kept
     * working; with {@code envelopes}, the members of a stored envelope per transaction.
     */
    private static void seedCommittedCommands(BenchSchema schema, TransferChain chain, boolean envelopes) throws SQLException {
        try (Connection connection = schema.database().dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     WITH transfer AS (
                         SELECT t.tx_id, t.key, t.n - min(t.n) OVER (PARTITION BY t.tx_id) AS position
                         FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(tx_id, key, n)),
                     envelope AS (
                         INSERT INTO outbox_envelope (tenant_id, fabric_tx_id, tx_bytes, result)
                         SELECT DISTINCT ?, tx_id, '\\x'::bytea, '{}' FROM transfer WHERE ?
                         RETURNING id, fabric_tx_id)
                     INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key, status, fabric_tx_id,
                                                 envelope_id, envelope_position, validation_code, committed_at)
                     SELECT ?, 'TRANSFER', '{}'::jsonb, t.key, 'bench:' || t.key, 'COMMITTED', t.tx_id,
                            e.id, CASE WHEN e.id IS NOT NULL THEN t.position END, 'VALID', now()
                     FROM transfer t LEFT JOIN envelope e ON e.fabric_tx_id = t.tx_id""")) {
            insert.setArray(1, connection.createArrayOf("text", chain.transfers().stream().map(TransferChain.Transfer::txId).toArray()));
            insert.setArray(2, connection.createArrayOf("text", chain.transfers().stream().map(TransferChain.Transfer::key).toArray()));
            insert.setString(3, chain.tenantId());
            insert.setBoolean(4, envelopes);
            insert.setString(5, chain.tenantId());
            insert.executeUpdate();
        }
        schema.execute("VACUUM ANALYZE outbox_command");
    }
}
