package dev.tokenomics.devnet;

import java.io.IOException;
import java.net.InetAddress;

/** The peer port could not be bound: it is taken, or the listen address is not one of this machine's. */
public final class ListenAddressUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenAddressUnavailableException(InetAddress address, int port, IOException cause) {
        super(describe(address, port, cause), cause);
    }

    private static String describe(InetAddress address, int port, IOException cause) {
        String where = address.getHostAddress() + ":" + port;
        if (inUse(cause)) {
            return "port " + port + " is already in use (cannot listen on " + where + "): stop what holds it"
                    + " (another devnet: scripts/devnet.sh down; a Fabric peer: scripts/network.sh down)"
                    + " or choose another port with --port N (0 picks a free one)";
        }
        return "cannot listen on " + where + " (" + rootMessage(cause) + "): give --listen an address of this machine,"
                + " e.g. 127.0.0.1 (the default) or 0.0.0.0 for every interface";
    }

    /** The JDK's BindException and Netty's native bind error both say "Address already in use". */
    private static boolean inUse(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().toLowerCase().contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
