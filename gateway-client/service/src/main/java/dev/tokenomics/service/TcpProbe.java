package dev.tokenomics.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A readiness check that a {@code host:port} accepts TCP connections (a peer's gateway, say): enough
 * to tell an orchestrator that the ledger is unreachable from here, without an identity or a
 * Fabric call. It says nothing of whether the peer would endorse.
 */
public final class TcpProbe {
    private TcpProbe() {
    }

    public static Callable<Boolean> of(String endpoint, Duration timeout) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got " + endpoint);
        }
        String host = endpoint.substring(0, colon);
        int port = Integer.parseInt(endpoint.substring(colon + 1));
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                return true;
            } catch (IOException e) {
                throw new IOException(endpoint + " does not accept connections: " + e.getMessage(), e);
            }
        };
    }
}
