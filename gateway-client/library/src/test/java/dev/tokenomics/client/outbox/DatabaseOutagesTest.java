package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures are outages (retried, 503, exit "unreachable") and which are the database refusing the statement. */
class DatabaseOutagesTest {
    @Test
    void aLostConnectionARestartAndAnEndedSessionAreOutages() {
        assertThat(DatabaseOutages.isOutage(new SQLTransientConnectionException("pool - Connection is not available", "08001"))).isTrue();
        assertThat(DatabaseOutages.isOutage(new SQLNonTransientConnectionException("This connection has been closed."))).isTrue();
        assertThat(DatabaseOutages.isOutage(new SQLException("An I/O error occurred while sending to the backend.", "08006"))).isTrue();
        assertThat(DatabaseOutages.isOutage(new SQLException("terminating connection due to administrator command", "57P01")))
                .as("a restart's first sign on every open session").isTrue();
        assertThat(DatabaseOutages.isOutage(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(DatabaseOutages.isOutage(new SQLException("terminating connection due to idle-in-transaction timeout", "25P03"))).isTrue();
        assertThat(DatabaseOutages.isOutage(new IllegalStateException("enqueue failed", new SQLException("I/O error", "08006"))))
                .as("through the causes").isTrue();
    }

    @Test
    void aStatementTheDatabaseRefusesIsNoOutage() {
        assertThat(DatabaseOutages.isOutage(new SQLException("duplicate key value violates unique constraint", "23505"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new SQLException("canceling statement due to lock timeout", "55P03"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutages.isOutage(new IllegalStateException("not a database failure"))).isFalse();
    }
}
