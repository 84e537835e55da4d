package dev.tokenomics.client.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, on one connection of its own, V15's notification of commands enqueued for this
 * submitter's schema and tenant, and the release of a holding's wallets (CommandTransitions'
 * RELEASE), and wakes the idle workers: a lone command is claimed at once instead of at the next
 * poll, a quiet outbox can be polled rarely, and workers that found every due command behind
 * another holding's wallets look again when a holding is released, whichever process held it (see
 * {@link IdlePolls}). Losing the connection only costs that: the workers poll every interval until
 * it is back. A data source that is not PostgreSQL's driver cannot listen; the submitter then just polls.
 */
final class OutboxListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxListener.class);

    /** V15's channel of enqueues; the payload is {@code <schema>:<tenant>}. */
    static final String CHANNEL = "tokenomics_outbox";

    /** The channel of released holdings, with the same payload. */
    static final String RELEASED_CHANNEL = "tokenomics_outbox_released";

    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final String tenantId;
    private final IdlePolls polls;
    private final Thread thread;
    private volatile boolean running = true;
    /** Connection losses in a row; only the listener thread touches it. */
    private int failures;

    OutboxListener(DataSource dataSource, String tenantId, IdlePolls polls) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.polls = polls;
        this.thread = new Thread(this::run, "submitter-outbox-listener");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                listen();
                return; // closed, or no LISTEN on this data source
            } catch (SQLException e) {
                polls.hearing(false);
                if (!running) {
                    return;
                }
                if (failures++ == 0) {
                    log.warn("outbox listener lost its connection; workers poll every interval until it is back: {}", e.getMessage());
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                        RetryPolicy.backoffMillis(Duration.ofSeconds(1), MAX_RECONNECT_DELAY, failures));
                while (running && System.nanoTime() - until < 0) {
                    SubmitterWorker.parkMillis(WAIT_MILLIS);
                }
            }
        }
    }

    /** Listens until closed; returns at once if the data source's connections cannot listen. */
    private void listen() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            PGConnection postgres;
            try {
                postgres = connection.unwrap(PGConnection.class);
            } catch (SQLException e) {
                log.info("the data source is not PostgreSQL's driver: idle workers poll without hearing enqueues and releases");
                return;
            }
            connection.setAutoCommit(true);
            String expected;
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                statement.execute("LISTEN " + RELEASED_CHANNEL);
                try (ResultSet schema = statement.executeQuery("SELECT current_schema()")) {
                    schema.next();
                    expected = schema.getString(1) + ":" + tenantId;
                }
            }
            polls.hearing(true);
            if (failures > 0) {
                log.info("outbox listener connected again");
                failures = 0;
            }
            log.debug("listening for enqueues and releases of {}", expected);
            long lastCheck = System.nanoTime();
            while (running) {
                PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        if (!expected.equals(notification.getParameter())) {
                            continue;
                        }
                        if (RELEASED_CHANNEL.equals(notification.getName())) {
                            polls.released();
                        } else {
                            polls.enqueued();
                        }
                    }
                }
                // A connection that died quietly (no reset reached us) would just stay silent.
                if (System.nanoTime() - lastCheck > CHECK_NANOS) {
                    if (!connection.isValid(5)) {
                        throw new SQLException("outbox listener's connection is no longer valid", "08006");
                    }
                    lastCheck = System.nanoTime();
                }
            }
        } finally {
            polls.hearing(false);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            // It looks at running at least every WAIT_MILLIS.
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
