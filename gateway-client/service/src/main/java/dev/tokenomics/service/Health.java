package dev.tokenomics.service;

import io.javalin.http.Context;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the database answers within
 * {@link #DATABASE_TIMEOUT_SECONDS}, and every extra check given to the builder (a peer, say) passes;
 * 200 {@code UP} or 503 {@code DOWN}, with each check's result, for orchestrators.
 */
final class Health {
    static final int DATABASE_TIMEOUT_SECONDS = 2;

    private final Map<String, Callable<Boolean>> checks = new LinkedHashMap<>();

    Health(DataSource dataSource, Map<String, Callable<Boolean>> extra) {
        checks.put("database", () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(DATABASE_TIMEOUT_SECONDS);
            }
        });
        checks.putAll(extra);
    }

    void live(Context ctx) {
        Json.write(ctx, 200, Map.of("status", "UP"));
    }

    void ready(Context ctx) {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, Callable<Boolean>> check : checks.entrySet()) {
            String result;
            try {
                result = Boolean.TRUE.equals(check.getValue().call()) ? "UP" : "DOWN";
            } catch (Exception e) {
                result = "DOWN: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
            }
            up &= result.equals("UP");
            results.put(check.getKey(), result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", results);
        Json.write(ctx, up ? 200 : 503, body);
    }
}
