package dev.tokenomics.client.projector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of one (tenant, channel): a session-scoped {@code pg_try_advisory_lock} held on a
 * dedicated connection. When that connection dies, PostgreSQL releases the lock and a standby can
 * take it; {@link #fenceSql()} lets the applier prove, inside its own DB transaction, that the lock
 * is still held by this session's backend.
 */
public final class ProjectorLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProjectorLease.class);
    // The session's dead-client settings are read in the same round trip, on the session that holds the lock.
    private static final String LOCK = """
            SELECT pg_try_advisory_lock(?), pg_backend_pid(), current_setting('tcp_keepalives_idle')::int,
                   current_setting('tcp_keepalives_interval')::int, current_setting('tcp_keepalives_count')::int,
                   current_setting('tcp_user_timeout')::int""";

    private final Callable<Connection> connectionFactory;
    private final long key;
    private Connection connection;
    private int backendPid;
    private LockSessionTimeouts timeouts;
    private volatile boolean held;

    public ProjectorLease(Callable<Connection> connectionFactory, String tenantId, String channel) {
        this.connectionFactory = connectionFactory;
        this.key = lockKey("projector:" + tenantId + ":" + channel);
    }

    static long lockKey(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tries once; true if this instance is now (or already was) the active projector. */
    public synchronized boolean tryAcquire() {
        if (held && isAlive()) {
            return true;
        }
        release();
        try {
            connection = connectionFactory.call();
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setLong(1, key);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                    backendPid = rs.getInt(2);
                    timeouts = new LockSessionTimeouts(rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6));
                }
            }
            if (held && !timeouts.dropsSilentClientQuickly()) {
                log.warn("projector lease: the lock session keeps a silent client for the OS default (hours), so a standby cannot "
                        + "take over a holder cut off by the network: {} (a Unix-socket connection reports zeros)", timeouts);
            }
        } catch (Exception e) {
            log.warn("projector lease: cannot reach the database: {}", e.getMessage());
            held = false;
        }
        if (!held) {
            release();
        }
        return held;
    }

    /** Pings the lock's connection; a dead connection means the lock is gone. */
    public synchronized boolean isAlive() {
        if (!held || connection == null) {
            return false;
        }
        try (PreparedStatement ping = connection.prepareStatement("SELECT 1")) {
            ping.setQueryTimeout(3);
            ping.execute();
            return true;
        } catch (SQLException e) {
            log.error("projector lease lost: lock connection failed: {}", e.getMessage());
            held = false;
            return false;
        }
    }

    public boolean held() {
        return held;
    }

    /** Backend pid of the session holding the lock (for the fence). */
    public int backendPid() {
        return backendPid;
    }

    /** The dead-client settings in effect on the lock's session when it was last acquired. */
    public synchronized LockSessionTimeouts sessionTimeouts() {
        return timeouts;
    }

    /** One row iff backend {@code ?1} holds this lease's advisory lock (parameters: pid, classid, objid). */
    static String fenceSql() {
        return """
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid = ? AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1""";
    }

    long classId() {
        return key >>> 32;
    }

    long objId() {
        return key & 0xffffffffL;
    }

    public synchronized void release() {
        held = false;
        if (connection != null) {
            try {
                connection.close(); // ends the session: PostgreSQL releases the advisory lock
            } catch (SQLException e) {
                log.debug("closing lease connection: {}", e.getMessage());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
