package dev.tokenomics.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port to a target (PostgreSQL) that a test can {@link #cut} and
 * {@link #restore}: the database going away as a client sees it (open connections reset, new ones
 * refused) and coming back on the same address, with no server stopped. Toxiproxy would do the same
 * but needs its own server process; this is the few lines a test needs.
 */
final class TcpForwarder implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    TcpForwarder(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.port = listen(0);
    }

    int port() {
        return port;
    }

    /** Closes every forwarded connection and stops listening: connections break, new ones are refused. */
    synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Listens again on the same port. */
    synchronized void restore() throws IOException {
        listen(port);
    }

    private int listen(int on) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
        listener = socket;
        Thread accepting = new Thread(() -> accept(socket), "forwarder-accept");
        accepting.setDaemon(true);
        accepting.start();
        return socket.getLocalPort();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                continue; // closed by cut(): the loop ends
            }
            sockets.add(client);
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                close(client);
                continue;
            }
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed (or was cut): close the other below
            } finally {
                close(from);
                close(to);
            }
        }, "forwarder-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
