package dev.tokenomics.service;

import com.google.gson.JsonObject;
import io.javalin.http.Context;

/** Writes RFC 9457 {@code application/problem+json} bodies: type, title, status, detail, and our {@code code} (and {@code field}). */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    /** A URN per code: the type names the problem without pointing at a host that may not serve documentation. */
    private static final String TYPE_PREFIX = "urn:tokenomics:problem:";

    private Problems() {
    }

    static void write(Context ctx, ProblemException problem) {
        JsonObject body = new JsonObject();
        body.addProperty("type", TYPE_PREFIX + problem.code());
        body.addProperty("title", problem.title());
        body.addProperty("status", problem.status());
        body.addProperty("detail", problem.getMessage());
        body.addProperty("code", problem.code());
        if (problem.field() != null) {
            body.addProperty("field", problem.field());
        }
        if (problem.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        ctx.status(problem.status()).contentType(CONTENT_TYPE).result(Json.GSON.toJson(body));
    }
}
