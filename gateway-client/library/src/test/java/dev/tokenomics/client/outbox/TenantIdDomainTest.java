package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.support.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** V19: the tenant rule is checked where a tenant is written, not again on every status change. */
class TenantIdDomainTest {

    private static final String COMMAND = "INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key) "
            + "VALUES ('%s', 'MINT', '{\"walletId\":\"w1\",\"amount\":1}', '%s', 'wallet:w1')";

    @Test
    void aRowFromBeforeTheRuleMigratesAndCanStillReachItsOutcome() throws Exception {
        try (TestDatabase old = TestDatabase.create(2, "10")) {
            old.execute(COMMAND.formatted("old:tenant", "k-old"));

            old.migrate();

            // V11's table CHECK refused this update (and every other status change of the row).
            old.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'INVALID_ARGUMENT' WHERE idempotency_key = 'k-old'");
            assertThat(old.text("SELECT status FROM outbox_command WHERE idempotency_key = 'k-old'")).isEqualTo("FAILED");
            assertThatThrownBy(() -> old.execute("ALTER DOMAIN outbox_tenant_id VALIDATE CONSTRAINT outbox_command_tenant_id"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("violate the new constraint");
        }
    }

    @Test
    void everyTenantWrittenIsChecked() throws Exception {
        try (TestDatabase db = TestDatabase.create(2)) {
            assertThatThrownBy(() -> db.execute(COMMAND.formatted("t1:x", "k-insert")))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"))
                    .hasMessageContaining("outbox_command_tenant_id");
            db.execute(COMMAND.formatted("t1", "k-good"));
            assertThatThrownBy(() -> db.execute("UPDATE outbox_command SET tenant_id = 't1:x' WHERE idempotency_key = 'k-good'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"))
                    .hasMessageContaining("outbox_command_tenant_id");

            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't1'")).isOne();
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id <> 't1'")).isZero();
            db.execute("ALTER DOMAIN outbox_tenant_id VALIDATE CONSTRAINT outbox_command_tenant_id");
        }
    }
}
