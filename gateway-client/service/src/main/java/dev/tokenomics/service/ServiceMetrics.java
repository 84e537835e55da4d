package dev.tokenomics.service;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} in Prometheus text: HTTP requests by route and status (a timer), and the outbox of
 * every tenant that holds an active API key, read with two queries at scrape time (so the figures are
 * as fresh as the scrape and cost nothing between scrapes): commands by stored status, and the age of
 * the oldest due PENDING command. A scrape while the database is down serves the last figures and
 * counts the failure.
 */
final class ServiceMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);

    private static final String TENANTS = "(SELECT DISTINCT tenant_id FROM service_api_key WHERE revoked_at IS NULL) k";
    /** Every stored status of every tenant, zeros included, so a drained outbox shows 0 rather than nothing. */
    private static final String BY_STATUS = "SELECT k.tenant_id, s.status, count(c.id) FROM " + TENANTS + """
             CROSS JOIN (VALUES ('PENDING'), ('PROCESSING'), ('COMMITTED'), ('CONFIRMED'), ('FAILED')) AS s(status)
             LEFT JOIN outbox_command c ON c.tenant_id = k.tenant_id AND c.status = s.status
            GROUP BY 1, 2""";
    /** Due PENDING commands are what the claim index {@code outbox_command_due} holds: its walk answers this. */
    private static final String OLDEST_DUE = "SELECT k.tenant_id, COALESCE(EXTRACT(EPOCH FROM now() - min(c.created_at)), 0) FROM " + TENANTS + """
             LEFT JOIN outbox_command c ON c.tenant_id = k.tenant_id AND c.status = 'PENDING' AND c.next_attempt_at <= now()
            GROUP BY 1""";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DataSource dataSource;
    private final MultiGauge outboxCommands;
    private final MultiGauge oldestDue;

    ServiceMetrics(DataSource dataSource) {
        this.dataSource = dataSource;
        outboxCommands = MultiGauge.builder("tokenomics.outbox.commands")
                .description("Outbox commands by stored status (COMMITTED: valid on the ledger, not yet projected)").register(registry);
        oldestDue = MultiGauge.builder("tokenomics.outbox.oldest.due.pending.age").baseUnit("seconds")
                .description("Age of the oldest PENDING command that is due (0 if none)").register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Called once per request, whatever its outcome; the route is the pattern matched, so its values stay few. */
    void recordRequest(Context ctx, float millis) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (IllegalStateException e) {
            route = "";
        }
        Timer.builder("tokenomics.http.requests").description("HTTP requests by method, route and status")
                .tags("method", ctx.method().name(), "route", route.isEmpty() ? "unmatched" : route, "status", Integer.toString(ctx.statusCode()))
                .register(registry).record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** One scrape at a time refreshes the gauges: two would run the same queries to write the same rows. */
    synchronized void scrape(Context ctx) {
        try (Connection connection = dataSource.getConnection()) {
            outboxCommands.register(rows(connection, BY_STATUS, true), true);
            oldestDue.register(rows(connection, OLDEST_DUE, false), true);
        } catch (SQLException e) {
            log.warn("metrics: the outbox figures could not be read, serving the last ones: {}", e.getMessage());
            registry.counter("tokenomics.metrics.outbox.read.failures").increment();
        }
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    private static List<MultiGauge.Row<?>> rows(Connection connection, String sql, boolean byStatus) throws SQLException {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Tags tags = byStatus ? Tags.of("tenant", rs.getString(1), "status", rs.getString(2)) : Tags.of("tenant", rs.getString(1));
                rows.add(MultiGauge.Row.of(tags, byStatus ? rs.getLong(3) : rs.getDouble(2)));
            }
        }
        return rows;
    }
}
