package dev.tokenomics.service;

import io.javalin.http.Context;
import java.sql.SQLException;

/**
 * {@code Authorization: Bearer <key>} on every {@code /v1} request: the key names the tenant, which
 * handlers read with {@link #tenant}. No key, or a key that is unknown or revoked, is a 401; there is
 * no anonymous access.
 */
final class Authentication {
    private static final String TENANT = "tokenomics.tenant";
    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    Authentication(ApiKeys keys) {
        this.keys = keys;
    }

    void authenticate(Context ctx) throws SQLException {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized(ctx, "send Authorization: Bearer <API key>");
        }
        String tenant = keys.tenantOf(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> unauthorized(ctx, "the API key is unknown or revoked"));
        ctx.attribute(TENANT, tenant);
    }

    static String tenant(Context ctx) {
        String tenant = ctx.attribute(TENANT);
        if (tenant == null) {
            throw new IllegalStateException("route " + ctx.path() + " is outside /v1, where requests are authenticated");
        }
        return tenant;
    }

    private static ProblemException unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ProblemException(401, "UNAUTHORIZED", "Authentication required", detail);
    }
}
