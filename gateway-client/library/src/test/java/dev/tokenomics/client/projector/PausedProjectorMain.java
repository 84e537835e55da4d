package dev.tokenomics.client.projector;

import dev.tokenomics.client.db.Database;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.LockSupport;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The projector process {@link PausedProjectorTest} stops with SIGSTOP: it follows
 * {@link PausedProjectorTest#chain()} as a live peer would, one block every
 * {@link PausedProjectorTest#BLOCK_INTERVAL}, so when it resumes the blocks that came meanwhile
 * are ready and it tries to apply them at once. Arguments: JDBC URL (with currentSchema), tenant.
 */
final class PausedProjectorMain {
    private PausedProjectorMain() {
    }

    public static void main(String[] args) {
        List<Block> chain = PausedProjectorTest.chain();
        long startedNanos = System.nanoTime();
        BlockSource live = start -> new BlockSource.BlockStream() {
            private long next = start;
            private volatile boolean closed;

            @Override
            public boolean hasNext() {
                long dueNanos = startedNanos + next * PausedProjectorTest.BLOCK_INTERVAL.toNanos();
                while (!closed && next < chain.size() && System.nanoTime() < dueNanos) {
                    LockSupport.parkNanos(Math.min(dueNanos - System.nanoTime(), Duration.ofMillis(50).toNanos()));
                }
                if (closed || next >= chain.size()) {
                    throw new NoSuchElementException("stream closed");
                }
                return true;
            }

            @Override
            public Block next() {
                return chain.get((int) next++);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
        Database database = Database.connect(args[0], 4);
        String tenant = args[1];
        ProjectorLease lease = new ProjectorLease(() -> database.openDedicatedConnection(10), tenant, "mychannel",
                PausedProjectorTest.LEASE_TIMEOUT);
        new Projector(live, new BlockParser("tokenomics"), new BlockApplier(database.dataSource(), tenant, "mychannel", "paused"),
                new Checkpoints(database.dataSource()), lease, tenant, "mychannel", PausedProjectorTest.LEASE_CHECK, null,
                applied -> System.out.println("applied up to block " + applied.lastBlock())).run();
    }
}
