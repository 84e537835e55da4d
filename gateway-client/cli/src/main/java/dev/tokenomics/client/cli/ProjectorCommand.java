package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.projector.Projector;
import dev.tokenomics.client.projector.ProjectorBuilder;
import dev.tokenomics.client.readmodel.OutboxSummary;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "projector", mixinStandardHelpOptions = true,
        description = "Project committed blocks into the read model; one active instance per database schema, tenant and channel, "
                + "others wait as standbys. Outages of the ledger or the database are waited out.",
        exitCodeList = "4:the ledger is not the chain the read model follows (another genesis block, a broken chain, or fewer blocks"
                + " than the checkpoint, e.g. after a ledger reset): use a new --db-schema, or --rebuild",
        footer = {"Example: projector --connection .devnet/connection.env --until-confirmed"})
final class ProjectorCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    FabricOptions fabric;

    @Mixin
    TenantOption tenant;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--lease-check", defaultValue = "PT1S",
            description = "How often the active instance pings its lock session and a standby retries; at most half of --lease-timeout "
                    + "(default: ${DEFAULT-VALUE})")
    Duration leaseCheck;

    @Option(names = "--lease-timeout", defaultValue = "PT5S",
            description = "Takeover bound: PostgreSQL ends the lock session of an active instance silent this long (paused, hung; "
                    + "idle_session_timeout, PostgreSQL 14+) and a standby takes over (default: ${DEFAULT-VALUE})")
    Duration leaseTimeout;

    @Option(names = "--rebuild",
            description = "Once active, first delete this tenant's read model and checkpoint (one DB transaction, the outbox is kept), "
                    + "then project the ledger from block 0: the way back after a deliberate ledger reset")
    boolean rebuild;

    @Option(names = "--idle-exit", description = "Exit after this long without a new block (ISO-8601, e.g. PT10S)")
    Duration idleExit;

    @Option(names = "--until-confirmed", description = "Exit once no outbox command is waiting for the ledger or for projection, "
            + "and the stream from the checkpoint has been quiet for 1 s")
    boolean untilConfirmed;

    @Option(names = "--progress", defaultValue = "PT2S", description = "Progress line interval (default: ${DEFAULT-VALUE})")
    Duration progress;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        AtomicLong blocks = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        AtomicLong lastBlock = new AtomicLong(-1);
        Optional<MetricsServer> endpoint = metrics.start();
        try (MetricsServer served = endpoint.orElse(null); Database database = db.openMigrated(); FabricConnection connection = fabric.connect()) {
            ProjectorBuilder builder = Projector.builder(database).network(connection.network()).chaincode(connection.config().chaincode())
                    .tenant(tenant.tenant).leaseTimeout(leaseTimeout).leaseCheck(leaseCheck).idleExit(idleExit).onApplied(applied -> {
                        blocks.addAndGet(applied.blocks());
                        transactions.addAndGet(applied.validTransactions());
                        lastBlock.set(applied.lastBlock());
                    });
            endpoint.ifPresent(server -> builder.meterRegistry(server.registry()));
            Projector projector = (rebuild ? builder.rebuildFirst() : builder).build();
            Thread thread = new Thread(projector, "projector");
            thread.start();
            long started = System.nanoTime();
            try {
                while (thread.isAlive() && !stop.await(progress.toMillis(), TimeUnit.MILLISECONDS)) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf("projector: %.0fs %s last block %d, %d blocks, %d txs (%.1f tx/s)%s%n", seconds,
                            projector.active() ? "active," : "standby,", lastBlock.get(), blocks.get(), transactions.get(),
                            transactions.get() / Math.max(seconds, 0.001), notFollowing(projector));
                    if (untilConfirmed && projector.following() && projector.quietFor().compareTo(Duration.ofSeconds(1)) > 0
                            && OutboxSummary.of(database.dataSource(), tenant.tenant).open() == 0) {
                        break;
                    }
                }
            } finally {
                projector.close();
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            System.out.println("projector: stopped at block " + lastBlock.get() + " after " + blocks.get() + " blocks");
            if (projector.failure() != null) {
                throw projector.failure();
            }
            return 0;
        }
    }

    /** An active instance that is not streaming says why, so a takeover during an outage reads as one. */
    private static String notFollowing(Projector projector) {
        if (!projector.active() || projector.following()) {
            return "";
        }
        String outage = projector.outage();
        return "; not following the ledger yet" + (outage == null ? "" : ": " + outage);
    }
}
