package dev.tokenomics.client.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --metrics-port} and {@code --metrics-address} of the long-running commands: where their Prometheus text is served, if anywhere. */
final class MetricsOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Integer port;

    @Option(names = "--metrics-address", defaultValue = "${env:TOKENOMICS_METRICS_ADDRESS:-127.0.0.1}",
            description = "Address the metrics endpoint binds; 0.0.0.0 for every interface (default: $TOKENOMICS_METRICS_ADDRESS or 127.0.0.1)")
    String address;

    /** The endpoint, once {@link #start()} opened it (tests read its port). */
    volatile MetricsServer server;

    @Option(names = "--metrics-port", defaultValue = "${env:TOKENOMICS_METRICS_PORT}",
            description = "Serve Prometheus text on http://<metrics-address>:PORT/metrics (0: any free port, printed at start). "
                    + "Default: $TOKENOMICS_METRICS_PORT, else no endpoint")
    void port(String value) {
        if (value == null || value.isBlank()) {
            port = null;
            return;
        }
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be a port number 0-65535, got '" + value + "'");
        }
    }

    /**
     * Opens the endpoint if a port was given; call it before the database or the ledger, so a bad
     * address or a port in use is exit 2 with nothing else opened.
     */
    Optional<MetricsServer> start() {
        if (port == null) {
            return Optional.empty();
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--metrics-address: no such host '" + address + "'");
        }
        server = MetricsServer.start(new InetSocketAddress(host, port));
        System.out.println(spec.name() + ": metrics on http://" + address + ":" + server.port() + "/metrics");
        return Optional.of(server);
    }
}
