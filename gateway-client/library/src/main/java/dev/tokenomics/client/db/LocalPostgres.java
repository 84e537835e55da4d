package dev.tokenomics.client.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The conventional development server: PostgreSQL on 127.0.0.1:5432, user {@code postgres}, trust
 * authentication. Tools and tests use it when no URL is given; an application passes its own URL.
 */
public final class LocalPostgres {
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private LocalPostgres() {
    }

    /** True when something accepts connections on 127.0.0.1:5432 within half a second. */
    public static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
