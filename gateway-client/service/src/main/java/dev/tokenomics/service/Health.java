package dev.tokenomics.service;

import io.javalin.http.Context;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the database answers, and every
 * extra check given to the builder (a peer, the projector's lag) passes; 200 {@code UP} or 503
 * {@code DOWN}, with each check's result, for orchestrators.
 *
 * <p>The probe answers within {@code timeout} whatever the checks do. A database that is down does not
 * refuse a pool's borrower: the pool keeps trying to connect for its whole connection timeout (10 s for
 * {@code Database.connect}), longer than an orchestrator's probe waits (Kubernetes: 1 s by default). So
 * the checks run on their own threads, all at once, and the probe waits for them up to {@code timeout};
 * one that has not answered by then is {@code DOWN: no answer within …}. It goes on in the background,
 * and the probes that come while it runs wait for that same run rather than start another, so a dead
 * database costs one blocked thread per check, not one per probe.
 */
final class Health implements AutoCloseable {
    private final Duration timeout;
    private final Map<String, Callable<Boolean>> checks = new LinkedHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<String>> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "readiness-check");
        thread.setDaemon(true);
        return thread;
    });

    Health(DataSource dataSource, Map<String, Callable<Boolean>> extra, Duration timeout) {
        this.timeout = timeout;
        int validSeconds = (int) Math.max(1, timeout.toSeconds());
        checks.put("database", () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(validSeconds);
            }
        });
        checks.putAll(extra);
    }

    void live(Context ctx) {
        Json.write(ctx, 200, Map.of("status", "UP"));
    }

    void ready(Context ctx) throws InterruptedException {
        Map<String, CompletableFuture<String>> started = new LinkedHashMap<>();
        checks.forEach((name, check) -> started.put(name, run(name, check)));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> results = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, CompletableFuture<String>> check : started.entrySet()) {
            String result;
            try {
                result = check.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                result = "DOWN: no answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                result = "DOWN: " + e.getCause();
            }
            up &= result.equals("UP");
            results.put(check.getKey(), result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", results);
        Json.write(ctx, up ? 200 : 503, body);
    }

    /** The check's run in progress, or a new one; forgotten once it has answered, so the next probe checks afresh. */
    private CompletableFuture<String> run(String name, Callable<Boolean> check) {
        CompletableFuture<String> run = running.computeIfAbsent(name, n -> CompletableFuture.supplyAsync(() -> outcome(check), threads));
        run.whenComplete((result, error) -> running.remove(name, run));
        return run;
    }

    private static String outcome(Callable<Boolean> check) {
        try {
            return Boolean.TRUE.equals(check.call()) ? "UP" : "DOWN";
        } catch (Exception e) {
            return "DOWN: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
