package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** V18: only a single transaction's id is indexed, so joining an envelope is a HOT update. */
class SingleTransactionIdTest {

    private static final String COMMAND = "INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key, "
            + "status, fabric_tx_id, envelope_id, envelope_position) VALUES ('t', 'TRANSFER', '{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":1}', ";

    @Test
    void commandsWrittenBeforeV18KeepTheirSingleTransactionsIdIndexedAndNoEnvelopes() throws Exception {
        try (TestDatabase old = TestDatabase.create(2, "17")) {
            old.execute("INSERT INTO outbox_envelope (id, tenant_id, fabric_tx_id, tx_bytes, result) VALUES (5, 't', 'tx-env', '\\x01', '{}')");
            old.execute(COMMAND + "'single', 'wallet:a', 'COMMITTED', 'tx-single', NULL, NULL)");
            old.execute(COMMAND + "'member', 'wallet:c', 'COMMITTED', 'tx-env', 5, 0)");

            old.migrate();

            assertThat(old.text("SELECT single_tx_id FROM outbox_command WHERE idempotency_key = 'single'")).isEqualTo("tx-single");
            assertThat(old.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'member' AND single_tx_id IS NULL")).isOne();
        }
    }

    @Test
    void joiningAnEnvelopeChangesNoIndexedColumn() throws Exception {
        try (TestDatabase db = TestDatabase.create(2)) {
            db.execute("INSERT INTO outbox_envelope (id, tenant_id, fabric_tx_id, tx_bytes, result) VALUES (5, 't', 'tx-env', '\\x01', '{}')");
            db.execute(COMMAND + "'member', 'wallet:c', 'PENDING', NULL, NULL, NULL)");
            try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                // What JOIN_ENVELOPE changes, on a page with room for the new version.
                statement.executeUpdate("UPDATE outbox_command SET envelope_id = 5, envelope_position = 0, fabric_tx_id = 'tx-env', "
                        + "updated_at = now() WHERE idempotency_key = 'member'");
                try (ResultSet rs = statement.executeQuery(
                        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relid = 'outbox_command'::regclass")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isOne();
                    assertThat(rs.getLong(2)).as("HOT updates").isOne();
                }
                connection.commit();
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'member' AND single_tx_id IS NULL")).isOne();
        }
    }
}
