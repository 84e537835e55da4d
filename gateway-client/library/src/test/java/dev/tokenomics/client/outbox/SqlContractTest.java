package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL contract of gateway-client/README.md ("Enqueueing from any language") for backends that
 * are not written in Java: the documented INSERT, in the backend's own transaction, is delivered
 * like an enqueue; a rolled-back one never is; what the database refuses is refused.
 */
class SqlContractTest {
    /** The statement of the README, with the values a backend would bind. */
    private static final String README_INSERT = """
            INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)
            VALUES ('shop', 'TRANSFER', '{"fromId":"w001","toId":"w002","amount":25}', 'order-42', 'wallet:w001')
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING""";

    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(8);
    }

    @AfterAll
    static void tearDown() throws SQLException {
        db.close();
    }

    @Test
    void theDocumentedInsertIsDeliveredOnceAndARolledBackOneNever() throws Exception {
        try (Connection tx = db.dataSource().getConnection(); Statement statement = tx.createStatement()) {
            tx.setAutoCommit(false);
            statement.execute(README_INSERT.replace("order-42", "order-rolled-back"));
            tx.rollback();
            statement.execute(README_INSERT);
            statement.execute(README_INSERT); // a retried request: the key is taken, nothing is added
            tx.commit();
        }
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 'shop'")).isEqualTo(1);

        InMemoryLedger ledger = new InMemoryLedger();
        ledger.fund("w001", 100);
        ledger.fund("w002", 0);
        try (Submitter submitter = Submitter.builder(db.dataSource(), ledger).tenant("shop").pollInterval(Duration.ofMillis(20)).build()) {
            submitter.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_command WHERE idempotency_key = 'order-42' AND status IN ('COMMITTED', 'FAILED')") == 1);
        }
        assertThat(db.text("SELECT status FROM outbox_command WHERE idempotency_key = 'order-42'")).isEqualTo("COMMITTED");
        assertThat(ledger.balance("w001")).isEqualTo(75);
        assertThat(ledger.balance("w002")).isEqualTo(25);
        assertThat(ledger.applications()).containsOnlyKeys("shop:order-42");
    }

    @Test
    void theDatabaseRefusesAnUnknownTypeAndATenantWithTheKeySeparator() {
        assertThatThrownBy(() -> db.execute(README_INSERT.replace("'TRANSFER'", "'TRANSFER_ALL'")))
                .isInstanceOf(SQLException.class).hasMessageContaining("outbox_command_type");
        assertThatThrownBy(() -> db.execute(README_INSERT.replace("'shop'", "'shop:eu'")))
                .isInstanceOf(SQLException.class).hasMessageContaining("outbox_command_tenant_id");
    }
}
