package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows a backend wrote with plain SQL that are not commands the outbox can deliver: each ends
 * FAILED INVALID_COMMAND on its own; the valid commands claimed with it are delivered, and no
 * worker dies. Real PostgreSQL, the ledger behind the seam.
 */
class PoisonRowTest {
    private static final int VALID = 20;

    private static SubmitterSettings settings(String tenant) {
        // One worker, one batch big enough for every row: the poison and the valid rows share a claim.
        // One command per transaction: this ledger double endorses single transactions only (envelopes: EnvelopeSubmitterTest).
        return SubmitterSettings.defaults(tenant).withMaxCommandsPerTransaction(1).withWorkers(1).withBatchSize(64).withPollInterval(Duration.ofMillis(10))
                .withRetry(new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(50)));
    }

    private static void insertRaw(TestDatabase db, String tenant, String type, String payload, String key) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             var insert = connection.prepareStatement("INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, "
                     + "ordering_key) VALUES (?, ?, ?::jsonb, ?, ?)")) {
            insert.setString(1, tenant);
            insert.setString(2, type);
            insert.setString(3, payload);
            insert.setString(4, key);
            insert.setString(5, "wallet:" + key);
            insert.executeUpdate();
        }
    }

    private static List<String> enqueueValid(TestDatabase db, InMemoryLedger ledger, String tenant) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            ledger.fund("from" + i, 100);
            ledger.fund("to" + i, 0);
            try (Connection connection = db.dataSource().getConnection()) {
                Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER,
                        "{\"fromId\":\"from" + i + "\",\"toId\":\"to" + i + "\",\"amount\":10}", "ok-" + i));
            }
            keys.add("ok-" + i);
        }
        return keys;
    }

    private static Submitter run(TestDatabase db, InMemoryLedger ledger, String tenant) {
        Submitter submitter = new Submitter(db.dataSource(), ledger, settings(tenant), SubmitterHooks.NONE);
        submitter.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                "SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status IN ('PENDING', 'PROCESSING')", tenant) == 0);
        return submitter;
    }

    private static void assertValidOnesDelivered(TestDatabase db, InMemoryLedger ledger, String tenant) throws SQLException {
        assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND idempotency_key LIKE 'ok-%' "
                + "AND status = 'COMMITTED'", tenant)).isEqualTo(VALID);
        for (int i = 0; i < VALID; i++) {
            assertThat(ledger.balance("to" + i)).isEqualTo(10);
        }
    }

    private static String failure(TestDatabase db, String tenant, String key) throws SQLException {
        return db.text("SELECT status || ' ' || error_code || ' ' || error_detail FROM outbox_command WHERE tenant_id = ? "
                + "AND idempotency_key = ?", tenant, key);
    }

    /** What the outbox answers at enqueue for this row, as the submitter must store it. */
    private static String refusal(String type, String payload) {
        try {
            CommandPayload.parse(CommandType.fromWire(type), payload);
        } catch (InvalidCommandException e) {
            return "FAILED INVALID_COMMAND " + e.getMessage();
        }
        throw new AssertionError(type + " " + payload + " is a valid command");
    }

    @Test
    void invalidPayloadsFailInvalidCommandWithoutHoldingBackTheValidCommandsOfTheirClaim() throws Exception {
        try (TestDatabase db = TestDatabase.create(8)) {
            InMemoryLedger ledger = new InMemoryLedger();
            String tenant = "t-poison";
            insertRaw(db, tenant, "TRANSFER", "{\"garbage\":true}", "bad-garbage");
            List<String> valid = enqueueValid(db, ledger, tenant);
            insertRaw(db, tenant, "TRANSFER", "{\"fromId\":\"from0\",\"toId\":\"to0\",\"amount\":\"1e3\"}", "bad-exponent");
            insertRaw(db, tenant, "MINT", "{\"walletId\":\"from1\",\"amount\":-1}", "bad-negative");
            insertRaw(db, tenant, "TRANSFER", "\"a json string\"", "bad-string");
            insertRaw(db, tenant, "BATCH_TRANSFER", "{\"transfers\":[]}", "bad-empty-batch");

            try (Submitter submitter = run(db, ledger, tenant)) {
                assertThat(submitter.stats().crashes()).isZero();
            }

            assertValidOnesDelivered(db, ledger, tenant);
            assertThat(valid).hasSize(VALID);
            // The reason is the enqueue validation's own words (one owner of the rules), field included.
            assertThat(failure(db, tenant, "bad-garbage")).isEqualTo(refusal("TRANSFER", "{\"garbage\":true}")).contains("fromId");
            assertThat(failure(db, tenant, "bad-exponent"))
                    .isEqualTo(refusal("TRANSFER", "{\"fromId\":\"from0\",\"toId\":\"to0\",\"amount\":\"1e3\"}")).contains("amount");
            assertThat(failure(db, tenant, "bad-negative")).isEqualTo(refusal("MINT", "{\"walletId\":\"from1\",\"amount\":-1}"))
                    .contains("amount");
            assertThat(failure(db, tenant, "bad-string")).isEqualTo(refusal("TRANSFER", "\"a json string\"")).contains("JSON object");
            assertThat(failure(db, tenant, "bad-empty-batch")).isEqualTo(refusal("BATCH_TRANSFER", "{\"transfers\":[]}"))
                    .contains("transfers");
            assertThat(ledger.applications()).hasSize(VALID);
        }
    }

    @Test
    void theDatabaseCheckAcceptsEveryCommandType() throws Exception {
        // V9 lists the types a second time, in SQL: a type added to CommandType needs a migration too.
        try (TestDatabase db = TestDatabase.create(2)) {
            for (CommandType type : CommandType.values()) {
                insertRaw(db, "t-types", type.name(), "{}", "type-" + type);
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-types'")).isEqualTo(CommandType.values().length);
        }
    }

    @Test
    void anUnknownCommandTypeStoredBeforeTheCheckFailsInvalidCommandAndNewOnesAreRefused() throws Exception {
        try (TestDatabase db = TestDatabase.create(8, "8")) {
            InMemoryLedger ledger = new InMemoryLedger();
            String tenant = "t-bogus";
            insertRaw(db, tenant, "BOGUS", "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":1}", "bad-type");
            List<String> valid = enqueueValid(db, ledger, tenant);
            insertRaw(db, tenant, "transfer", "{\"fromId\":\"from2\",\"toId\":\"to2\",\"amount\":1}", "bad-lowercase");

            assertThat(db.migrate()).as("V9 applies over the bad rows").isPositive();
            assertThatThrownBy(() -> insertRaw(db, tenant, "BOGUS", "{}", "bad-after-check"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));

            try (Submitter submitter = run(db, ledger, tenant)) {
                assertThat(submitter.stats().crashes()).isZero();
            }

            assertValidOnesDelivered(db, ledger, tenant);
            assertThat(valid).hasSize(VALID);
            assertThat(failure(db, tenant, "bad-type")).isEqualTo(refusal("BOGUS", "{}")).contains("UNKNOWN_COMMAND_TYPE")
                    .contains("'BOGUS'");
            assertThat(failure(db, tenant, "bad-lowercase")).isEqualTo(refusal("transfer", "{}")).contains("'transfer'");
            // Every bad PENDING row is gone, so the check can now be validated for all rows.
            db.execute("ALTER TABLE outbox_command VALIDATE CONSTRAINT outbox_command_type");
        }
    }
}
