package dev.tokenomics.service;

import dev.tokenomics.client.outbox.DatabaseOutages;
import dev.tokenomics.client.outbox.TenantIds;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.security.auth.x500.X500Principal;
import javax.sql.DataSource;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokenomics HTTP service: the 202-and-poll command API over the outbox, the read model, per-tenant
 * API keys and rate limits, {@code /metrics}, {@code /health/*} and {@code /openapi.json}. Binds
 * 127.0.0.1 unless told otherwise; serves TLS when given a keystore. Start with {@link #start()},
 * stop with {@link #close()}.
 */
public final class TokenomicsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenomicsService.class);
    static final String OPENAPI_PATH = "/openapi.json";
    public static final Duration DEFAULT_API_KEY_CACHE_TTL = Duration.ofSeconds(5);

    /** A route the service answers; {@link #routes()} lists them all, as the OpenAPI document must. */
    public record Route(String method, String path) {
    }

    private final Builder settings;
    private final Health health;
    private final GroupCommit groupCommit;
    private final Javalin app;

    private TokenomicsService(Builder settings) {
        this.settings = settings;
        DataSource dataSource = settings.dataSource;
        ServiceMetrics metrics = new ServiceMetrics(dataSource);
        Authentication authentication = new Authentication(new ApiKeys(dataSource), settings.apiKeyCacheTtl, settings.certificateTenants);
        groupCommit = new GroupCommit(dataSource);
        CommandRoutes commands = new CommandRoutes(dataSource, groupCommit, new RateLimits(settings.ratePerSecond, settings.burst, metrics.registry()));
        WalletRoutes wallets = new WalletRoutes(dataSource);
        health = new Health(dataSource, settings.readinessChecks, settings.readinessTimeout);
        String openApi = resource("openapi.json");

        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.requestLogger.http(metrics::recordRequest);
            if (settings.keystore != null) {
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setKeyStorePath(settings.keystore.toString());
                    tls.setKeyStorePassword(settings.keystorePassword);
                    if (settings.truststore != null) {
                        // Asked for, not required: API keys keep working; a certificate the truststore does not vouch for fails the handshake.
                        tls.setTrustStorePath(settings.truststore.toString());
                        tls.setTrustStorePassword(settings.truststorePassword);
                        tls.setWantClientAuth(true);
                    }
                    // Puts the client's certificate chain on the request (Authentication reads it); no SNI host check, as before.
                    http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
                    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                            new HttpConnectionFactory(http));
                    connector.setHost(settings.host);
                    connector.setPort(settings.port);
                    return connector;
                });
            }
        });
        Map<Route, Handler> table = new LinkedHashMap<>();
        table.put(new Route("POST", "/v1/commands"), commands::enqueue);
        table.put(new Route("GET", "/v1/commands"), commands::byIdempotencyKey);
        table.put(new Route("GET", "/v1/commands/{id}"), commands::byId);
        table.put(new Route("GET", "/v1/wallets/{id}"), wallets::wallet);
        table.put(new Route("GET", "/v1/wallets/{id}/transactions"), wallets::transactions);
        table.put(new Route("GET", "/health/live"), health::live);
        table.put(new Route("GET", "/health/ready"), health::ready);
        table.put(new Route("GET", "/metrics"), metrics::scrape);
        table.put(new Route("GET", OPENAPI_PATH), ctx -> ctx.contentType(Json.CONTENT_TYPE).result(openApi));
        table.forEach((route, handler) -> app.addHttpHandler(HandlerType.valueOf(route.method()), route.path(), handler));

        app.before("/v1/*", authentication::authenticate);
        app.exception(ProblemException.class, (e, ctx) -> Problems.write(ctx, e));
        // Javalin's own answers (no such route, wrong method, body too large) as problems too; the title stays one per code.
        app.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, switch (e.getStatus()) {
            case 404 -> new ProblemException(404, "NOT_FOUND", "No such route", ctx.method() + " " + ctx.path() + ": no such route");
            case 405 -> new ProblemException(405, "METHOD_NOT_ALLOWED", "Method not allowed", ctx.method() + " " + ctx.path() + " is not served");
            default -> new ProblemException(e.getStatus(), "HTTP_" + e.getStatus(), "The request cannot be served", e.getMessage());
        }));
        app.exception(Exception.class, (e, ctx) -> {
            if (DatabaseOutages.isOutage(e)) {
                Problems.write(ctx, new ProblemException(503, "DATABASE_UNAVAILABLE", "The database is unreachable",
                        "the request changed nothing; retry later", null, 1L));
                return;
            }
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            Problems.write(ctx, new ProblemException(500, "INTERNAL_ERROR", "Internal error", "the service failed on this request; see its log"));
        });
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    public TokenomicsService start() {
        if (settings.keystore != null) {
            app.start();
        } else {
            app.start(settings.host, settings.port);
        }
        log.info("tokenomics service listening on {}://{}:{}", settings.keystore != null ? "https" : "http", settings.host, port());
        return this;
    }

    /** The port bound (the chosen one when the builder's port was 0). */
    public int port() {
        return app.port();
    }

    /** The endpoints as Javalin's router holds them (before and after handlers left out): what the OpenAPI document must describe. */
    public List<Route> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream().map(ParsedEndpoint::getEndpoint)
                .filter(endpoint -> endpoint.getMethod().isHttpMethod())
                .map(endpoint -> new Route(endpoint.getMethod().name(), endpoint.getPath()))
                .toList();
    }

    @Override
    public void close() {
        app.stop();
        groupCommit.close();
        health.close();
    }

    private static String resource(String name) {
        try (InputStream in = TokenomicsService.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings: bind address and port, TLS keystore, the per-tenant rate limit, extra readiness checks. */
    public static final class Builder {
        private final DataSource dataSource;
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path keystore;
        private String keystorePassword;
        private double ratePerSecond;
        private int burst = 1;
        private final Map<String, Callable<Boolean>> readinessChecks = new LinkedHashMap<>();
        private Duration readinessTimeout = Duration.ofSeconds(2);
        private Duration apiKeyCacheTtl = DEFAULT_API_KEY_CACHE_TTL;
        private Path truststore;
        private String truststorePassword;
        private final Map<X500Principal, String> certificateTenants = new LinkedHashMap<>();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** The address to bind; 127.0.0.1 unless told otherwise (0.0.0.0 for every interface). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks a free port ({@link #port()} says which). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Serve HTTPS with the key and certificate of this keystore (PKCS12 or JKS). */
        public Builder tls(Path keystore, String password) {
            this.keystore = keystore;
            this.keystorePassword = password;
            return this;
        }

        /**
         * Authenticate clients by certificate too (mTLS; needs {@link #tls}): the service asks for a client certificate that
         * {@code truststore} vouches for, and a request with no {@code Authorization} header acts for the tenant that
         * {@code tenantsBySubject} names for its certificate's subject (an RFC 4514 name, {@code CN=shop-backend,O=Shop}; compared
         * as X.500 names, so spacing and case of attribute types do not matter). A trusted certificate whose subject is not mapped
         * is a 401.
         */
        public Builder clientCertificates(Path truststore, String password, Map<String, String> tenantsBySubject) {
            this.truststore = truststore;
            this.truststorePassword = password;
            tenantsBySubject.forEach((subject, tenant) -> certificateTenants.put(new X500Principal(subject), TenantIds.require(tenant)));
            return this;
        }

        /** Accepted commands per second per tenant, in bursts of up to {@code burst}; 0 (the default) for no limit. */
        public Builder rateLimit(double perSecond, int burst) {
            this.ratePerSecond = perSecond;
            this.burst = burst;
            return this;
        }

        /**
         * An extra check of {@code /health/ready} (a peer, the projector's lag): true when up; an exception counts as down, its
         * message (a {@link NotReadyException}'s, say) shown after {@code DOWN: }.
         */
        public Builder readinessCheck(String name, Callable<Boolean> check) {
            readinessChecks.put(name, check);
            return this;
        }

        /**
         * How long an API key found active is remembered (default 5 s; zero: looked up on every request). A key revoked meanwhile
         * keeps working on this service until its entry expires: the bound of revocation.
         */
        public Builder apiKeyCacheTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("the API key cache TTL must be >= 0, got " + ttl);
            }
            this.apiKeyCacheTtl = ttl;
            return this;
        }

        /** How long {@code /health/ready} waits for its checks (default 2 s): a check that has not answered by then is DOWN. */
        public Builder readinessTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the readiness timeout must be positive, got " + timeout);
            }
            this.readinessTimeout = timeout;
            return this;
        }

        public TokenomicsService build() {
            if (truststore != null && keystore == null) {
                throw new IllegalArgumentException("client certificates need TLS: give the service a keystore too");
            }
            return new TokenomicsService(this);
        }
    }
}
