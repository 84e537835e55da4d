package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SystemQueries;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.service.ProjectorLag;
import dev.tokenomics.service.TcpProbe;
import dev.tokenomics.service.TokenomicsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP API (202-and-poll commands, wallets, /metrics, /health, /openapi.json) until stopped (Ctrl-C / SIGTERM). "
                + "Every /v1 request needs an API key (see api-key) or, with --tls-truststore, a client certificate mapped to a tenant. "
                + "/health/ready checks the database, the peer at --peer-endpoint (or $TOKENOMICS_PEER_ENDPOINT) when one is given, "
                + "and the projectors' lag when a --ready-max-lag-* bound is.",
        footer = {"Example: serve --port 8080 --rate-limit 500 --burst 1000",
                "         serve --connection .devnet/connection.env --ready-max-lag-blocks 5   # /health/ready checks the projectors' lag",
                "         curl -s -X POST localhost:8080/v1/commands -H \"Authorization: Bearer $KEY\" -H 'Idempotency-Key: order-42' \\",
                "              -d '{\"type\":\"TRANSFER\",\"payload\":{\"fromId\":\"w001\",\"toId\":\"w002\",\"amount\":25}}'"})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    /** The Fabric connection, opened only for the projector-lag check; its --peer-endpoint is also what the peer check probes. */
    @Mixin
    FabricOptions fabric;

    @Option(names = "--listen", defaultValue = "${env:TOKENOMICS_LISTEN:-127.0.0.1}",
            description = "Address to bind; 0.0.0.0 for every interface (default: $TOKENOMICS_LISTEN or 127.0.0.1)")
    String listen;

    @Option(names = "--port", defaultValue = "${env:TOKENOMICS_PORT:-8080}", description = "Port; 0 for any free one (default: $TOKENOMICS_PORT or 8080)")
    int port;

    @Option(names = "--rate-limit", defaultValue = "${env:TOKENOMICS_RATE_LIMIT:-100}",
            description = "Commands per second each tenant may POST (token bucket); 0 for no limit (default: $TOKENOMICS_RATE_LIMIT or 100)")
    double rateLimit;

    @Option(names = "--burst", defaultValue = "${env:TOKENOMICS_RATE_BURST:-200}",
            description = "Commands a tenant may POST at once before the rate applies (default: $TOKENOMICS_RATE_BURST or 200)")
    int burst;

    @Option(names = "--tls-keystore", description = "Serve HTTPS with the key and certificate of this PKCS12 (or JKS) keystore")
    Path keystore;

    @Option(names = "--tls-keystore-password", defaultValue = "${env:TOKENOMICS_TLS_KEYSTORE_PASSWORD}",
            description = "The keystore's password (default: $TOKENOMICS_TLS_KEYSTORE_PASSWORD)")
    String keystorePassword;

    @Option(names = "--tls-truststore", description = "With --tls-keystore: ask clients for a certificate this PKCS12 (or JKS) truststore "
            + "vouches for (mTLS); a request without Authorization acts for the tenant its subject is mapped to (--client-cert-tenant)")
    Path truststore;

    @Option(names = "--tls-truststore-password", defaultValue = "${env:TOKENOMICS_TLS_TRUSTSTORE_PASSWORD}",
            description = "The truststore's password (default: $TOKENOMICS_TLS_TRUSTSTORE_PASSWORD)")
    String truststorePassword;

    @Option(names = "--client-cert-tenant", paramLabel = "TENANT=SUBJECT",
            description = "A client certificate subject (RFC 4514, e.g. shop='CN=shop-backend,O=Shop') and the tenant it acts for; repeatable")
    Map<String, String> clientCertTenants = new LinkedHashMap<>();

    @Option(names = "--ready-max-lag-blocks", defaultValue = "${env:TOKENOMICS_READY_MAX_LAG_BLOCKS}",
            description = "/health/ready is DOWN while the projector of a tenant with an API key is more blocks behind the ledger than this "
                    + "(needs the Fabric connection settings; default: $TOKENOMICS_READY_MAX_LAG_BLOCKS; none: not checked)")
    Long readyMaxLagBlocks;

    @Option(names = "--ready-max-lag-seconds", defaultValue = "${env:TOKENOMICS_READY_MAX_LAG_SECONDS}",
            description = "/health/ready is DOWN while the first block such a projector has not applied is older than this "
                    + "(needs the Fabric connection settings; default: $TOKENOMICS_READY_MAX_LAG_SECONDS; none: not checked)")
    Long readyMaxLagSeconds;

    @Option(names = "--api-key-cache-ttl", defaultValue = "${env:TOKENOMICS_API_KEY_CACHE_TTL:-PT5S}",
            description = "How long a key found active is remembered; a revoked key keeps working here for up to this long; PT0S looks "
                    + "every key up on every request (default: $TOKENOMICS_API_KEY_CACHE_TTL or PT5S)")
    Duration apiKeyCacheTtl;

    @Option(names = "--ready-timeout", defaultValue = "${env:TOKENOMICS_READY_TIMEOUT:-PT2S}",
            description = "How long /health/ready waits for its checks; one that has not answered is DOWN (default: $TOKENOMICS_READY_TIMEOUT or PT2S)")
    Duration readyTimeout;

    /** Counted down by the shutdown hook (or a test) to stop serving. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** The running service, once it listens (a test reads its port). */
    volatile TokenomicsService running;

    @Override
    public Integer call() throws Exception {
        if (rateLimit < 0 || burst < 1) {
            throw new IllegalArgumentException("--rate-limit must be >= 0 and --burst >= 1");
        }
        if (truststore == null != clientCertTenants.isEmpty() || truststore != null && keystore == null) {
            throw new IllegalArgumentException("--tls-truststore and --client-cert-tenant go together, and with --tls-keystore");
        }
        if (readyMaxLagBlocks != null && readyMaxLagBlocks < 0 || readyMaxLagSeconds != null && readyMaxLagSeconds < 0) {
            throw new IllegalArgumentException("--ready-max-lag-blocks and --ready-max-lag-seconds must be >= 0");
        }
        boolean lagChecked = readyMaxLagBlocks != null || readyMaxLagSeconds != null;
        Thread hook = new Thread(stop::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        try (Database database = db.openMigrated(); FabricConnection ledger = lagChecked ? fabric.connect() : null) {
            TokenomicsService.Builder builder = TokenomicsService.builder(database.dataSource()).host(listen).port(port).rateLimit(rateLimit, burst)
                    .readinessTimeout(readyTimeout).apiKeyCacheTtl(apiKeyCacheTtl);
            if (keystore != null) {
                builder.tls(keystore, keystorePassword);
            }
            if (truststore != null) {
                builder.clientCertificates(truststore, truststorePassword, tenantsBySubject());
            }
            String peer = peerEndpoint(ledger);
            if (peer != null) {
                builder.readinessCheck("peer", TcpProbe.of(peer, readyTimeout));
            }
            if (ledger != null) {
                builder.readinessCheck("projector", new ProjectorLag(database.dataSource(), new SystemQueries(ledger.network()),
                        ledger.network().getName(), readyMaxLagBlocks, readyMaxLagSeconds == null ? null : Duration.ofSeconds(readyMaxLagSeconds)));
            }
            try (TokenomicsService service = builder.build().start()) {
                System.out.println("serve: listening on " + (keystore == null ? "http" : "https") + "://" + listen + ":" + service.port()
                        + " (stop with Ctrl-C)");
                running = service;
                stop.await();
            }
            return 0;
        } finally {
            removeHook(hook);
        }
    }

    /** The --client-cert-tenant mapping the other way round; one subject cannot act for two tenants. */
    private Map<String, String> tenantsBySubject() {
        Map<String, String> bySubject = new LinkedHashMap<>();
        clientCertTenants.forEach((tenant, subject) -> {
            if (bySubject.put(subject, tenant) != null) {
                throw new IllegalArgumentException("--client-cert-tenant maps " + subject + " to more than one tenant");
            }
        });
        return bySubject;
    }

    /** --peer-endpoint or $TOKENOMICS_PEER_ENDPOINT, else the connection's peer when one is open; null: no peer check. */
    private String peerEndpoint(FabricConnection ledger) {
        String endpoint = fabric.peerEndpoint != null ? fabric.peerEndpoint : System.getenv("TOKENOMICS_PEER_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            return ledger == null ? null : ledger.config().peerEndpoint();
        }
        return endpoint;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped us
        }
    }
}
