package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.service.TcpProbe;
import dev.tokenomics.service.TokenomicsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP API (202-and-poll commands, wallets, /metrics, /health, /openapi.json) until stopped (Ctrl-C / SIGTERM). "
                + "Every /v1 request needs an API key (see api-key).",
        footer = {"Example: serve --port 8080 --rate-limit 500 --burst 1000",
                "         curl -s -X POST localhost:8080/v1/commands -H \"Authorization: Bearer $KEY\" -H 'Idempotency-Key: order-42' \\",
                "              -d '{\"type\":\"TRANSFER\",\"payload\":{\"fromId\":\"w001\",\"toId\":\"w002\",\"amount\":25}}'"})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

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

    @Option(names = "--peer-endpoint", defaultValue = "${env:TOKENOMICS_PEER_ENDPOINT}",
            description = "host:port of a peer that /health/ready checks accepts connections (default: $TOKENOMICS_PEER_ENDPOINT; none: the database only)")
    String peerEndpoint;

    /** Counted down by the shutdown hook (or a test) to stop serving. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** The running service, once it listens (a test reads its port). */
    volatile TokenomicsService running;

    @Override
    public Integer call() throws Exception {
        if (rateLimit < 0 || burst < 1) {
            throw new IllegalArgumentException("--rate-limit must be >= 0 and --burst >= 1");
        }
        Thread hook = new Thread(stop::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        try (Database database = db.openMigrated()) {
            TokenomicsService.Builder builder = TokenomicsService.builder(database.dataSource()).host(listen).port(port).rateLimit(rateLimit, burst);
            if (keystore != null) {
                builder.tls(keystore, keystorePassword);
            }
            if (peerEndpoint != null && !peerEndpoint.isBlank()) {
                builder.readinessCheck("peer", TcpProbe.of(peerEndpoint, Duration.ofSeconds(2)));
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

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped us
        }
    }
}
