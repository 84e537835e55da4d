package dev.tokenomics.service;

import dev.tokenomics.client.outbox.EnqueuedCommand;
import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.readmodel.CommandStatusQuery;
import dev.tokenomics.client.readmodel.CommandStatusView;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code POST /v1/commands} (enqueue, 202 and poll) and the status lookups. The tenant is always the
 * authenticated one ({@link Authentication#tenant}); a command of another tenant is not found.
 */
final class CommandRoutes {
    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** Set on the answer to a request whose key already named this command (nothing new was enqueued). */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final GroupCommit groupCommit;
    private final CommandStatusQuery statuses;
    private final RateLimits rateLimits;

    CommandRoutes(DataSource dataSource, GroupCommit groupCommit, RateLimits rateLimits) {
        this.groupCommit = groupCommit;
        this.statuses = new CommandStatusQuery(dataSource);
        this.rateLimits = rateLimits;
    }

    /**
     * 202 with Location for a new command and for a replay alike (the same key and body always get
     * the same answer; a replay also carries {@code Idempotent-Replayed: true}); 409 for the key with
     * another body; 400 for a command the outbox refuses; 429 over the tenant's rate. Nothing is
     * enqueued on any 4xx: the body is checked before the token is taken, and the outbox refuses
     * before it writes.
     */
    void enqueue(Context ctx) throws SQLException, InterruptedException {
        String tenant = Authentication.tenant(ctx);
        CommandRequest request = CommandRequest.parse(ctx.body());
        rateLimits.acquire(tenant);
        EnqueuedCommand enqueued;
        try {
            enqueued = groupCommit.enqueue(request.toCommand(tenant, ctx.header(IDEMPOTENCY_KEY_HEADER)));
        } catch (InvalidCommandException e) {
            throw refused(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", enqueued.id());
        body.put("idempotencyKey", ctx.header(IDEMPOTENCY_KEY_HEADER));
        body.put("type", request.type());
        body.put("status", enqueued.status().name());
        ctx.header("Location", location(enqueued.id()));
        if (!enqueued.created()) {
            ctx.header(REPLAYED_HEADER, "true");
        }
        Json.write(ctx, 202, body);
    }

    void byId(Context ctx) throws SQLException {
        String tenant = Authentication.tenant(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no command " + ctx.pathParam("id"));
        }
        Json.write(ctx, 200, view(statuses.byId(tenant, id).orElseThrow(() -> ProblemException.notFound("no command " + id))));
    }

    void byIdempotencyKey(Context ctx) throws SQLException {
        String tenant = Authentication.tenant(ctx);
        String key = ctx.queryParam("idempotencyKey");
        if (key == null || key.isEmpty()) {
            throw ProblemException.badRequest("INVALID_ARGUMENT", "idempotencyKey", "the query parameter idempotencyKey is required");
        }
        Optional<CommandStatusView> view = statuses.byIdempotencyKey(tenant, key);
        Json.write(ctx, 200, view(view.orElseThrow(() -> ProblemException.notFound("no command with idempotency key " + key))));
    }

    static String location(long id) {
        return "/v1/commands/" + id;
    }

    /** The outbox's refusal as a problem naming the request's part: a header, a body member, or {@code payload.<field>}. */
    private static ProblemException refused(InvalidCommandException e) {
        if (e.reason() == InvalidCommandException.Reason.IDEMPOTENCY_KEY_REUSED) {
            return new ProblemException(409, e.reason().name(), "The idempotency key already names another command", e.getMessage());
        }
        String field = switch (e.field() == null ? "" : e.field()) {
            case "idempotencyKey" -> IDEMPOTENCY_KEY_HEADER;
            case "orderingKey" -> "orderingKey";
            case "" -> e.reason() == InvalidCommandException.Reason.UNKNOWN_COMMAND_TYPE ? "type" : "payload";
            default -> "payload." + e.field();
        };
        return ProblemException.badRequest(e.reason().name(), field, e.getMessage());
    }

    /** A status as the API shows it; field names follow {@code status} of the CLI. */
    static Map<String, Object> view(CommandStatusView v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", v.id());
        body.put("idempotencyKey", v.idempotencyKey());
        body.put("type", v.commandType());
        body.put("status", v.status().name());
        body.put("reason", v.reason());
        body.put("detail", v.detail());
        body.put("transactionId", v.transactionId());
        body.put("blockNumber", v.blockNumber());
        body.put("attempts", v.attempts());
        body.put("createdAt", v.createdAt() == null ? null : v.createdAt().toString());
        body.put("confirmedAt", v.confirmedAt() == null ? null : v.confirmedAt().toString());
        return body;
    }
}
