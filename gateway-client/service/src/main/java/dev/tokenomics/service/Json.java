package dev.tokenomics.service;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.javalin.http.Context;

/** The service's JSON: nulls written (a client sees every field of a status, set or not). */
final class Json {
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    static final String CONTENT_TYPE = "application/json";

    private Json() {
    }

    static void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(GSON.toJson(body));
    }
}
