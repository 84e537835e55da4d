package dev.tokenomics.client.outbox;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
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
 * database. A worker that dies (a hook throws, an unexpected error) is replaced by a new worker with
 * a new identity; its commands are taken over once their leases expire.
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
    private final CommandTransitions transitions;
    private final CommandLedger ledger;
    private final SubmitterHooks hooks;
    private final SubmitterStats stats = new SubmitterStats();
    private final String processId;
    private final AtomicInteger generation = new AtomicInteger();
    private final List<SubmitterWorker> live = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService workers;
    private ScheduledExecutorService renewer;

    public Submitter(DataSource dataSource, CommandLedger ledger, SubmitterSettings settings, SubmitterHooks hooks) {
        this.settings = settings;
        this.claims = new CommandClaims(dataSource);
        this.transitions = new CommandTransitions(dataSource);
        this.ledger = ledger;
        this.hooks = hooks;
        this.processId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
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
        log.info("submitter {} started: tenant={} workers={} batch={} lease={}", processId, settings.tenantId(),
                settings.workers(), settings.batchSize(), settings.lease());
    }

    private SubmitterWorker newWorker() {
        SubmitterWorker worker = new SubmitterWorker(processId + "#" + generation.incrementAndGet(), settings, claims, claimTurn, transitions,
                ledger, hooks, stats);
        live.add(worker);
        return worker;
    }

    private void loop() {
        SubmitterWorker worker = newWorker();
        while (running.get()) {
            try {
                if (worker.runOnce() == 0) {
                    LockSupport.parkNanos(settings.pollInterval().toNanos());
                }
            } catch (SQLException e) {
                log.warn("worker {}: database error, backing off: {}", worker.id(), e.getMessage());
                LockSupport.parkNanos(settings.pollInterval().toNanos() * 5);
            } catch (RuntimeException | Error e) {
                // The worker is gone as if its process died: stop renewing its leases so they expire.
                log.error("worker {} died; the commands it held are taken over when their leases expire", worker.id(), e);
                stats.crashed();
                live.remove(worker);
                worker = newWorker();
            }
        }
        live.remove(worker);
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

    @Override
    public synchronized void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        renewer.shutdownNow();
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
