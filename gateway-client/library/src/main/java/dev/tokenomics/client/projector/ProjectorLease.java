package dev.tokenomics.client.projector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of one (database, schema, tenant, channel): a session-scoped {@code pg_try_advisory_lock}
 * held on a dedicated connection. The key includes the database and schema the connection works in,
 * so two deployments sharing one database (one schema each) each get their own active projector.
 *
 * <p>The lock lives exactly as long as its server session, and the server ends the session in
 * three cases: the client closes it or dies (its kernel resets the connection); the client host
 * vanishes (TCP keepalive and {@code tcp_user_timeout}, set by the connection factory); or the
 * client stays silent for {@link #timeout()} ({@code idle_session_timeout} on this session). The
 * last case is the paused or hung holder, e.g. SIGSTOP or a VM freeze: its kernel keeps answering
 * keepalive, so only a server-side bound the holder must keep renewing can take the lock from it.
 * The holder renews it by calling {@link #isAlive()} (a ping) well inside the timeout; the
 * projector's watchdog does so every {@code --lease-check}. A standby takes over within about
 * {@code timeout + lease-check} of the pause.
 *
 * <p>A holder that resumes after losing its session must write nothing: {@link #requireHeld} lets
 * the applier prove, inside its own DB transaction, that the lock is still held by this lease's
 * backend, and {@link #timeout()} also bounds how long the applier's transaction may sit idle (so a
 * holder paused mid-transaction does not keep the checkpoint row locked against its successor).
 */
final class ProjectorLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProjectorLease.class);
    /** Default takeover bound after a holder falls silent ({@code --lease-timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int IDLE_SESSION_TIMEOUT_SINCE = 140000;
    private static final String SCOPE = "SELECT current_database(), current_schema(), current_setting('server_version_num')::int";
    // The session's dead-client settings are read in the same round trip, on the session that holds the lock.
    private static final String LOCK = """
            SELECT pg_try_advisory_lock(?), pg_backend_pid(), current_setting('tcp_keepalives_idle')::int,
                   current_setting('tcp_keepalives_interval')::int, current_setting('tcp_keepalives_count')::int,
                   current_setting('tcp_user_timeout')::int,
                   COALESCE((SELECT setting::int FROM pg_settings WHERE name = 'idle_session_timeout'), 0)""";
    private static final String FENCE = """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND pid = ? AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1""";

    private final Callable<Connection> connectionFactory;
    private final String tenantId;
    private final String channel;
    private final Duration timeout;
    private Connection connection;
    private volatile long key;
    private volatile int backendPid;
    private LockSessionTimeouts timeouts;
    private volatile boolean held;

    ProjectorLease(Callable<Connection> connectionFactory, String tenantId, String channel) {
        this(connectionFactory, tenantId, channel, DEFAULT_TIMEOUT);
    }

    /** @param timeout how long the holder may stay silent before the server ends its lock session (at least 1 s) */
    ProjectorLease(Callable<Connection> connectionFactory, String tenantId, String channel, Duration timeout) {
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the lease timeout must be at least 1 s, got " + timeout);
        }
        this.connectionFactory = connectionFactory;
        this.tenantId = tenantId;
        this.channel = channel;
        this.timeout = timeout;
    }

    /** NUL separates the parts: PostgreSQL text cannot hold it, so no two scopes share a name. */
    static long lockKey(String database, String schema, String tenantId, String channel) {
        String name = String.join("\0", "projector", database, schema, tenantId, channel);
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
            int serverVersion = scopeKey();
            if (serverVersion >= IDLE_SESSION_TIMEOUT_SINCE) {
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config('idle_session_timeout', ?, false)")) {
                    set.setString(1, timeout.toMillis() + "ms");
                    set.execute();
                }
            }
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setLong(1, key);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                    backendPid = rs.getInt(2);
                    timeouts = new LockSessionTimeouts(rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7));
                }
            }
            warnIfHolderCanKeepTheLock();
        } catch (Exception e) {
            log.warn("projector lease: cannot reach the database: {}", e.getMessage());
            held = false;
        }
        if (!held) {
            release();
        }
        return held;
    }

    /** Computes the key from the database and schema this connection works in; returns the server version. */
    private int scopeKey() throws SQLException {
        try (PreparedStatement scope = connection.prepareStatement(SCOPE); ResultSet rs = scope.executeQuery()) {
            rs.next();
            String schema = rs.getString(2);
            key = lockKey(rs.getString(1), schema == null ? "" : schema, tenantId, channel);
            return rs.getInt(3);
        }
    }

    private void warnIfHolderCanKeepTheLock() {
        if (!held) {
            return;
        }
        if (!timeouts.dropsSilentClientQuickly()) {
            log.warn("projector lease: the lock session keeps a silent client for the OS default (hours), so a standby cannot "
                    + "take over a holder cut off by the network: {} (a Unix-socket connection reports zeros)", timeouts);
        }
        if (!timeouts.dropsPausedHolder()) {
            log.warn("projector lease: PostgreSQL before 14 has no idle_session_timeout, so a paused or hung holder keeps the lock "
                    + "until it resumes or dies: {}", timeouts);
        }
    }

    /** Pings the lock's connection, which also renews the server's idle bound; a dead connection means the lock is gone. */
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

    /** How long the holder may stay silent before the server ends its lock session. */
    public Duration timeout() {
        return timeout;
    }

    /** Backend pid of the session holding the lock (for the fence). */
    public int backendPid() {
        return backendPid;
    }

    /** The dead-client settings in effect on the lock's session when it was last acquired. */
    public synchronized LockSessionTimeouts sessionTimeouts() {
        return timeouts;
    }

    /**
     * The fence: throws {@link LostLeadershipException} unless this lease's backend still holds the
     * lock, checked on {@code connection} inside the caller's DB transaction.
     */
    void requireHeld(Connection connection) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement(FENCE)) {
            check.setInt(1, backendPid);
            check.setLong(2, key >>> 32);
            check.setLong(3, key & 0xffffffffL);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != 1) {
                    throw new LostLeadershipException("advisory lock of backend " + backendPid + " is gone");
                }
            }
        }
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
