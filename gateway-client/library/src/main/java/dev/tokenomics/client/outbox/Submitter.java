package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.TokenomicsContract;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs worker threads that deliver outbox commands to the ledger, and renews the leases of the
 * commands they hold every third of a lease. Many submitters (processes) may run against one
 * database. A worker that dies (a hook throws, an unexpected error outside any one command) is
 * replaced by a new worker with a new identity after a capped exponential backoff; its commands
 * are taken over once their leases expire. A database that cannot be reached is waited for the
 * same way: a submitter rides out outages of the database and of the ledger and resumes by itself.
 */
public final class Submitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Submitter.class);

    private final SubmitterSettings settings;
    private final CommandClaims claims;
    /*
     * A process's workers claim one at a time. Concurrent claimers walk the same head of the due
     * range, and each steps over (head-probes, then fails to lock) every row the others are
     * claiming at that moment: with 16 workers, ~30 % of PostgreSQL's CPU. One at a time,
     * a claim's snapshot already shows the previous claim committed. Processing still overlaps;
     * claimers of other processes still pass each other with SKIP LOCKED.
     */
    private final Lock claimTurn = new ReentrantLock();
    private final IdlePolls idlePolls;
    private final OutboxListener notifications;
    private final CommandTransitions transitions;
    private final CommandLedger ledger;
    private final LedgerOutage outage;
    private final SubmitterHooks hooks;
    private final SubmitterMeters meters;
    private final SubmitterStats stats;
    private final String processId;
    private final AtomicInteger generation = new AtomicInteger();
    private final List<SubmitterWorker> live = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService workers;
    private ScheduledExecutorService renewer;

    /** A submitter that delivers commands through the contract's Fabric Gateway connection. */
    public static SubmitterBuilder builder(DataSource dataSource, TokenomicsContract contract) {
        return new SubmitterBuilder(dataSource, new FabricCommandLedger(contract));
    }

    /** A submitter on another ledger: a stub for benchmarks, an in-memory one for tests. */
    public static SubmitterBuilder builder(DataSource dataSource, CommandLedger ledger) {
        return new SubmitterBuilder(dataSource, ledger);
    }

    Submitter(DataSource dataSource, CommandLedger ledger, SubmitterSettings settings, SubmitterHooks hooks) {
        this(dataSource, ledger, settings, hooks, SubmitterMeters.none());
    }

    Submitter(DataSource dataSource, CommandLedger ledger, SubmitterSettings settings, SubmitterHooks hooks, SubmitterMeters meters) {
        this.settings = settings;
        this.meters = meters;
        this.stats = new SubmitterStats(meters);
        this.claims = new CommandClaims(dataSource, meters);
        this.transitions = new CommandTransitions(dataSource);
        // The cap's wait comes before the endorsement is timed: the endorse latency is the peers' alone.
        this.ledger = new CappedLedger(new TimedLedger(ledger, meters), TransactionRateCap.of(settings.maxTransactionsPerSecond(), meters));
        this.outage = new LedgerOutage(settings.retry());
        this.idlePolls = new IdlePolls(settings.pollInterval());
        this.notifications = new OutboxListener(dataSource, settings.tenantId(), idlePolls);
        this.hooks = hooks;
        this.processId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        meters.gauge("tokenomics.submitter.commands.in.flight", "Commands claimed by this submitter's workers and not yet written back",
                live, workers -> workers.stream().mapToInt(worker -> worker.inFlight().size()).sum());
    }

    public SubmitterStats stats() {
        return stats;
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "submitter-" + generation.get());
            thread.setDaemon(true);
            return thread;
        });
        notifications.start();
        for (int i = 0; i < settings.workers(); i++) {
            workers.submit(this::loop);
        }
        renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "submitter-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, settings.lease().toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        log.info("submitter {} started: tenant={} workers={} batch={} lease={} commands/transaction={} linger={} max transactions/s={}",
                processId, settings.tenantId(), settings.workers(), settings.batchSize(), settings.lease(), settings.maxCommandsPerTransaction(),
                settings.linger(), settings.maxTransactionsPerSecond() == 0 ? "none" : settings.maxTransactionsPerSecond());
    }

    private SubmitterWorker newWorker() {
        SubmitterWorker worker = new SubmitterWorker(processId + "#" + generation.incrementAndGet(), settings, claims, claimTurn, transitions,
                ledger, outage, hooks, stats);
        live.add(worker);
        return worker;
    }

    /*
     * Restarts of a dying worker start at the poll interval and double up to this cap: a worker that
     * dies on every cycle costs one log entry (with its cause) per restart, not a hot loop.
     */
    private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);

    private void loop() {
        SubmitterWorker worker = newWorker();
        int databaseFailures = 0;
        int deaths = 0;
        boolean idle = false;
        while (running.get()) {
            if (idle && !idlePolls.tryStart()) {
                try {
                    idlePolls.awaitNext(IdlePolls.MAX_QUIET_INTERVAL.toNanos());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                continue;
            }
            long ticket = idlePolls.ticket();
            try {
                int claimed = worker.runOnce();
                if (databaseFailures > 0) {
                    log.info("worker {}: database answers again after {} failed cycles", worker.id(), databaseFailures);
                    databaseFailures = 0;
                }
                deaths = 0;
                if (idle && claimed >= settings.claimLimit()) {
                    idlePolls.foundWork();
                }
                idle = claimed == 0;
                if (idle && worker.blocked()) {
                    idlePolls.polledBlocked();
                } else if (idle) {
                    idlePolls.polledEmpty(ticket);
                }
            } catch (SQLException e) {
                if (databaseFailures++ == 0) {
                    log.warn("worker {}: database error, backing off until it answers: {}", worker.id(), e.getMessage());
                }
                pause(settings.retry().delayMillis(databaseFailures));
            } catch (RuntimeException | Error e) {
                // The worker is gone as if its process died: stop renewing its leases so they expire.
                long delay = RetryPolicy.backoffMillis(settings.pollInterval(), MAX_RESTART_DELAY, ++deaths);
                log.error("worker {} died ({} in a row); the commands it held are taken over when their leases expire; "
                        + "a new worker starts in {} ms", worker.id(), deaths, delay, e);
                stats.crashed();
                live.remove(worker);
                pause(delay);
                worker = newWorker();
            }
        }
        worker.stop();
        live.remove(worker);
    }

    /** Waits {@code millis}, or less if the submitter is closed meanwhile. */
    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = deadline - System.nanoTime(); left > 0 && running.get(); left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private void renewLeases() {
        for (SubmitterWorker worker : live) {
            List<Long> ids = new ArrayList<>(worker.inFlight());
            try {
                claims.renew(worker.id(), ids, settings.lease());
            } catch (SQLException | RuntimeException e) {
                log.warn("lease renewal for worker {} failed: {}", worker.id(), e.getMessage());
            }
        }
    }

    /** False once {@link #close} has begun: no worker starts another cycle after that. */
    boolean running() {
        return running.get();
    }

    @Override
    public synchronized void close() {
        meters.close();
        if (!running.compareAndSet(true, false)) {
            return;
        }
        renewer.shutdownNow();
        notifications.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("submitter {} stopped: {}", processId, stats);
    }
}
