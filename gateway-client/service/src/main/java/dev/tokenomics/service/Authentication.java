package dev.tokenomics.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * {@code Authorization: Bearer <key>} on every {@code /v1} request: the key names the tenant, which
 * handlers read with {@link #tenant}. No key, or a key that is unknown or revoked, is a 401; there is
 * no anonymous access. Under mTLS a request without the header may instead present a client
 * certificate (trusted by the handshake) whose subject is mapped to a tenant.
 *
 * <p>A key found active is remembered, by its SHA-256 (never the key itself), for {@code cacheTtl}
 * from its lookup, so a client's requests cost one database round trip instead of two. The price is
 * revocation: {@code api-key revoke} (another process, often on another host) tells no running
 * service, so a revoked key keeps working on each service for at most {@code cacheTtl} after the
 * lookup that cached it. Unknown and revoked keys are never remembered: a wrong key is looked up each
 * time, and a new key works at once. A zero TTL turns the cache off.
 */
final class Authentication {
    private static final String TENANT = "tokenomics.tenant";
    private static final String BEARER = "Bearer ";
    /** Where the servlet container puts the client's certificate chain (Jetty's SecureRequestCustomizer, under mTLS). */
    private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    /** Bounds the memory of a service with very many keys; a key evicted is looked up again. */
    private static final int CACHED_KEYS = 10_000;

    private final ApiKeys keys;
    private final Cache<String, String> tenants;
    private final Map<X500Principal, String> certificateTenants;

    Authentication(ApiKeys keys, Duration cacheTtl, Map<X500Principal, String> certificateTenants) {
        this.keys = keys;
        this.certificateTenants = Map.copyOf(certificateTenants);
        this.tenants = cacheTtl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(CACHED_KEYS).build();
    }

    void authenticate(Context ctx) throws SQLException {
        String header = ctx.header("Authorization");
        if (header == null && !certificateTenants.isEmpty()
                && ctx.req().getAttribute(CLIENT_CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            X500Principal subject = chain[0].getSubjectX500Principal();
            String tenant = certificateTenants.get(subject);
            if (tenant == null) {
                throw unauthorized(ctx, "the client certificate's subject " + subject.getName() + " is not mapped to a tenant");
            }
            ctx.attribute(TENANT, tenant);
            return;
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized(ctx, certificateTenants.isEmpty() ? "send Authorization: Bearer <API key>"
                    : "send Authorization: Bearer <API key>, or a client certificate");
        }
        String key = header.substring(BEARER.length()).trim();
        String tenant = ApiKeys.wellFormed(key) ? lookUp(ApiKeys.hash(key)).orElse(null) : null;
        if (tenant == null) {
            throw unauthorized(ctx, "the API key is unknown or revoked");
        }
        ctx.attribute(TENANT, tenant);
    }

    private Optional<String> lookUp(byte[] keyHash) throws SQLException {
        if (tenants == null) {
            return keys.tenantOfHash(keyHash);
        }
        String cacheKey = HexFormat.of().formatHex(keyHash);
        String cached = tenants.getIfPresent(cacheKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> tenant = keys.tenantOfHash(keyHash);
        tenant.ifPresent(t -> tenants.put(cacheKey, t));
        return tenant;
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
