package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.SyntheticBlocks;
import dev.tokenomics.client.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Leadership on real PostgreSQL: one active projector, standby takeover when the holder's connection dies. */
class ProjectorFailoverTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(8);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static ProjectorLease lease(String tenant) {
        return lease(db, tenant, ProjectorLease.DEFAULT_TIMEOUT);
    }

    private static ProjectorLease lease(TestDatabase database, String tenant, Duration timeout) {
        return new ProjectorLease(() -> database.database().openDedicatedConnection(10), tenant, "mychannel", timeout);
    }

    private static void terminate(int backendPid) throws Exception {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(" + backendPid + ")");
        }
    }

    @Nested
    class Lease {
        @Test
        void onlyOneInstanceHoldsTheLeaseAndAStandbyTakesOverWhenItsConnectionDies() throws Exception {
            try (ProjectorLease active = lease("t-lease"); ProjectorLease standby = lease("t-lease")) {
                assertThat(active.tryAcquire()).isTrue();
                assertThat(standby.tryAcquire()).isFalse();

                terminate(active.backendPid());

                assertThat(active.isAlive()).isFalse();
                await().atMost(Duration.ofSeconds(10)).until(standby::tryAcquire);
            }
        }

        @Test
        void twoDeploymentsInOneDatabaseEachGetTheirOwnActiveProjector() throws Exception {
            try (TestDatabase other = TestDatabase.create(2);
                 ProjectorLease here = lease("default"); ProjectorLease there = lease(other, "default", ProjectorLease.DEFAULT_TIMEOUT);
                 ProjectorLease secondHere = lease("default")) {
                assertThat(here.tryAcquire()).isTrue();
                // Same tenant and channel, another schema of the same database: another deployment.
                assertThat(there.tryAcquire()).isTrue();
                assertThat(secondHere.tryAcquire()).isFalse();
            }
        }

        @Test
        void aHolderThatFallsSilentLosesTheLeaseWithinItsTimeoutAndWritesNothingWhenItResumes() throws Exception {
            new Checkpoints(db.dataSource()).readOrCreate("t-paused", "mychannel");
            List<ParsedBlock> zero = List.of(new BlockParser("tokenomics").parse(new SyntheticBlocks("mychannel", "tokenomics").configBlock()));
            try (ProjectorLease paused = lease(db, "t-paused", Duration.ofSeconds(2));
                 ProjectorLease standby = lease(db, "t-paused", Duration.ofSeconds(2))) {
                assertThat(paused.tryAcquire()).isTrue();
                assertThat(standby.tryAcquire()).isFalse();

                // The holder sends nothing from now on, as a stopped process would (its kernel keeps the
                // TCP connection alive): the server must end its session by itself.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(standby::tryAcquire);

                assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", paused.backendPid())).isZero();
                // Resumed, it still believes it leads and applies a batch: the fence refuses it.
                assertThatThrownBy(() -> new BlockApplier(db.dataSource(), "t-paused", "mychannel", "paused").apply(zero, paused))
                        .isInstanceOf(LostLeadershipException.class);
                assertThat(paused.isAlive()).isFalse();
                assertThat(standby.isAlive()).isTrue();
            }
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-paused'")).isZero();
        }

        @Test
        void theLockSessionDropsAHolderCutOffByTheNetworkWithinSecondsNotHours() throws Exception {
            try (ProjectorLease lease = lease("t-keepalive")) {
                assertThat(lease.tryAcquire()).isTrue();

                // Read on the lock's own session, in the statement that took the lock.
                assertThat(lease.sessionTimeouts()).isEqualTo(new LockSessionTimeouts(5, 2, 3, 10_000, 5_000));
                assertThat(lease.sessionTimeouts().secondsToDropSilentClient()).isEqualTo(11);
                // The settings only act on a TCP session (a Unix-socket session ignores them): the lock's backend has a client port.
                assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND client_port > 0", lease.backendPid()))
                        .isEqualTo(1);
            }
        }

        @Test
        void anInstanceThatLostItsLockCannotApplyEvenIfItHasNotNoticed() throws Exception {
            new Checkpoints(db.dataSource()).readOrCreate("t-fence", "mychannel");
            BlockApplier applier = new BlockApplier(db.dataSource(), "t-fence", "mychannel", "old");
            List<ParsedBlock> zero = List.of(new BlockParser("tokenomics").parse(new SyntheticBlocks("mychannel", "tokenomics").configBlock()));
            try (ProjectorLease old = lease("t-fence")) {
                assertThat(old.tryAcquire()).isTrue();
                terminate(old.backendPid());
                await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", old.backendPid()) == 0);

                assertThatThrownBy(() -> applier.apply(zero, old)).isInstanceOf(LostLeadershipException.class);
            }
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-fence'")).isZero();
        }
    }

    @Nested
    class Failover {
        /** Blocks published by the test; every projector reads the same chain from its own start. */
        private final List<Block> chain = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** While set, opening a stream fails as it does while the peer is down. */
        private volatile boolean ledgerDown;

        private BlockSource source() {
            return start -> {
                if (ledgerDown) {
                    throw new IllegalStateException("the peer is unreachable");
                }
                return stream(start);
            };
        }

        private BlockSource.BlockStream stream(long start) {
            return new BlockSource.BlockStream() {
                private long next = start;
                private volatile boolean closed;

                @Override
                public boolean hasNext() {
                    await().atMost(Duration.ofMinutes(2)).until(() -> closed || chain.size() > next);
                    if (closed) {
                        throw new IllegalStateException("stream closed");
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
        }

        @Test
        void aProjectorThatTakesTheLeaseDuringALedgerOutageIsActiveAndSaysWhatItWaitsFor() throws Exception {
            chain.add(new SyntheticBlocks("mychannel", "tokenomics").configBlock());
            ledgerDown = true;
            ProjectorLease lease = lease("t-outage");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Projector projector = new Projector(source(), new BlockParser("tokenomics"),
                    new BlockApplier(db.dataSource(), "t-outage", "mychannel", "outage"), new Checkpoints(db.dataSource()),
                    lease, "t-outage", "mychannel", Duration.ofMillis(200), null, applied -> { });
            projector.meters(new ProjectorMeters(registry, "t-outage", "mychannel", projector::active));
            Thread thread = new Thread(projector, "projector-outage");
            thread.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> projector.outage() != null);
                // The takeover is done (no other instance may apply) though nothing can be applied yet.
                assertThat(projector.active()).isTrue();
                assertThat(projector.following()).isFalse();
                assertThat(projector.outage()).contains("the peer is unreachable");
                assertThat(registry.get("tokenomics.projector.active").gauge().value()).isEqualTo(1);
                assertThat(registry.get("tokenomics.projector.following").gauge().value()).isZero();

                ledgerDown = false;
                await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
                        "SELECT coalesce(max(next_block), 0) FROM projector_checkpoint WHERE tenant_id = 't-outage'") == 1);
                assertThat(projector.following()).isTrue();
                assertThat(projector.outage()).isNull();
                assertThat(registry.get("tokenomics.projector.following").gauge().value()).isEqualTo(1);
            } finally {
                projector.close();
                thread.join(10_000);
            }
        }

        @Test
        void killingTheActiveProjectorMidStreamLosesNoBlockAndDuplicatesNone() throws Exception {
            SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
            chain.add(blocks.configBlock());
            String owner = "x509::CN=o::CN=ca";
            BlockingQueue<AppliedBatch> batches = new LinkedBlockingQueue<>();

            Projector first = projector("first", batches::add);
            Projector second = projector("second", batches::add);
            Thread a = new Thread(first, "projector-first");
            Thread b = new Thread(second, "projector-second");
            a.start();
            b.start();
            try {
                long balance = 0;
                for (int n = 1; n <= 40; n++) {
                    String txId = "fo-" + n;
                    balance += 1;
                    chain.add(blocks.block(n, List.of(new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "TokensMinted",
                            SyntheticBlocks.event("TokensMinted", txId).txType("MINT").move(null, "w", 1)
                                    .wallet("w", owner, balance, "ACTIVE").supply(balance).json()))));
                    if (n == 20) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
                                "SELECT coalesce(max(next_block), 0) FROM projector_checkpoint WHERE tenant_id = 't-failover'") >= 10);
                        Projector active = first.active() ? first : second;
                        // A process death: its database session dies and it never comes back.
                        terminate(leaseOf(active));
                        active.close();
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                        "SELECT coalesce(max(next_block), 0) FROM projector_checkpoint WHERE tenant_id = 't-failover'") == 41);
            } finally {
                first.close();
                second.close();
                a.join(10_000);
                b.join(10_000);
            }
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = 't-failover'")).isEqualTo(40);
            assertThat(db.count("SELECT count(DISTINCT on_chain_tx_id) FROM wallet_transaction WHERE tenant_id = 't-failover'")).isEqualTo(40);
            assertThat(db.count("SELECT balance FROM wallet WHERE tenant_id = 't-failover' AND wallet_id = 'w'")).isEqualTo(40);
            assertThat(db.count("SELECT version FROM wallet WHERE tenant_id = 't-failover' AND wallet_id = 'w'")).isEqualTo(40);
            // Across both instances, the committed batches tile blocks 0..40: no gap, no overlap.
            long next = 0;
            for (AppliedBatch batch : batches.stream().sorted(java.util.Comparator.comparingLong(AppliedBatch::firstBlock)).toList()) {
                assertThat(batch.firstBlock()).as("first block of a batch").isEqualTo(next);
                next = batch.nextBlock();
            }
            assertThat(next).isEqualTo(41);
            assertThat(appliedBy.get("first")).isPositive();
            assertThat(appliedBy.get("second")).isPositive();
        }

        private final java.util.Map<String, Integer> appliedBy = new java.util.concurrent.ConcurrentHashMap<>(java.util.Map.of("first", 0, "second", 0));
        private final java.util.Map<Projector, ProjectorLease> leases = new java.util.concurrent.ConcurrentHashMap<>();

        private int leaseOf(Projector projector) {
            return leases.get(projector).backendPid();
        }

        private Projector projector(String name, java.util.function.Consumer<AppliedBatch> listener) {
            ProjectorLease lease = lease("t-failover");
            Projector projector = new Projector(source(), new BlockParser("tokenomics"),
                    new BlockApplier(db.dataSource(), "t-failover", "mychannel", name), new Checkpoints(db.dataSource()), lease,
                    "t-failover", "mychannel", Duration.ofMillis(200), null, applied -> {
                        appliedBy.merge(name, 1, Integer::sum);
                        listener.accept(applied);
                    });
            leases.put(projector, lease);
            return projector;
        }
    }
}
