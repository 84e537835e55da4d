package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.readmodel.CommandStatusQuery;
import dev.tokenomics.client.readmodel.CommandStatusView;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(4);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static EnqueuedCommand enqueue(NewCommand command) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            return Outbox.enqueue(connection, command);
        }
    }

    private static NewCommand transfer(String tenant, String key, long amount) {
        return NewCommand.of(tenant, CommandType.TRANSFER, "{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":" + amount + "}", key);
    }

    private static List<EnqueueOutcome> enqueueEach(NewCommand... commands) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            return Outbox.enqueueEach(connection, List.of(commands));
        }
    }

    /** Many commands in one insert, each with what its own enqueue call would have given it. */
    @Nested
    class EnqueueEach {
        @Test
        void eachCommandGetsWhatEnqueueWouldHaveGivenIt() throws Exception {
            EnqueuedCommand stored = enqueue(transfer("acme", "each-stored", 5));
            enqueue(transfer("acme", "each-stored-other", 5));

            List<EnqueueOutcome> outcomes = enqueueEach(
                    transfer("acme", "each-1", 10),
                    transfer("acme", "each-stored", 5),
                    transfer("acme", "each-1", 10),
                    transfer("acme", "each-bad", 0),
                    transfer("acme", "each-1", 11),
                    transfer("acme", "each-stored-other", 6),
                    transfer("globex", "each-1", 10),
                    transfer("acme", "each-2", 10));

            assertThat(outcomes).hasSize(8);
            EnqueuedCommand first = outcomes.get(0).command();
            assertThat(first.created()).isTrue();
            assertThat(outcomes.get(1).command()).isEqualTo(new EnqueuedCommand(stored.id(), CommandStatus.PENDING, false));
            assertThat(outcomes.get(2).command()).as("the list's second use of a key replays its first")
                    .isEqualTo(new EnqueuedCommand(first.id(), CommandStatus.PENDING, false));
            assertThat(outcomes.get(3).refusal().field()).isEqualTo("amount");
            assertThat(outcomes.get(4).refusal().reason()).isEqualTo(InvalidCommandException.Reason.IDEMPOTENCY_KEY_REUSED);
            assertThat(outcomes.get(5).refusal().reason()).isEqualTo(InvalidCommandException.Reason.IDEMPOTENCY_KEY_REUSED);
            assertThat(outcomes.get(6).command().created()).isTrue();
            assertThat(outcomes.get(7).command().created()).isTrue();
            assertThat(outcomes).filteredOn(outcome -> !outcome.isRefused()).extracting(outcome -> outcome.command().id())
                    .as("new commands' ids follow the list's order").containsSubsequence(first.id(), outcomes.get(6).command().id(),
                            outcomes.get(7).command().id());
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'each-%' AND idempotency_key NOT IN ('each-good', 'each-nan')")).isEqualTo(5);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'each-1' AND tenant_id = 'acme'"
                    + " AND payload->>'amount' = '10' AND ordering_key = 'wallet:w1'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'each-bad'")).isZero();
        }

        @Test
        void whatJsonbCannotHoldIsRefusedAloneAndTheRestIsStored() throws Exception {
            NewCommand good = NewCommand.of("acme", CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1}", "each-good");
            NewCommand bad = NewCommand.of("acme", CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1,\"note\":NaN}", "each-nan");

            List<EnqueueOutcome> outcomes = enqueueEach(good, bad);

            assertThat(outcomes.get(0).command().created()).isTrue();
            assertThat(outcomes.get(1).refusal().reason()).isEqualTo(InvalidCommandException.Reason.MALFORMED_PAYLOAD);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key IN ('each-good', 'each-nan')")).isEqualTo(1);
        }
    }

    @Nested
    class Enqueue {
        @Test
        void storesAPendingCommandOrderedBySourceWallet() throws Exception {
            EnqueuedCommand command = enqueue(transfer("acme", "enq-1", 800));

            assertThat(command.created()).isTrue();
            assertThat(command.status()).isEqualTo(CommandStatus.PENDING);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND ordering_key = 'wallet:w1'", command.id())).isEqualTo(1);
            CommandStatusView view = new CommandStatusQuery(db.dataSource()).byId("acme", command.id()).orElseThrow();
            assertThat(view.status()).isEqualTo(CommandStatus.PENDING);
            assertThat(view.idempotencyKey()).isEqualTo("enq-1");
        }

        @Test
        void theDatabasesTouchKeyNamesAWalletAsTheSubmittersLocksDo() throws Exception {
            EnqueuedCommand command = enqueue(transfer("acme", "enq-touch", 5));

            assertThat(db.text("SELECT ordering_key FROM outbox_command WHERE id = ?", command.id())).isEqualTo(CommandPayload.walletKey("w1"));
            assertThat(db.text("SELECT touch_key FROM outbox_command WHERE id = ?", command.id())).isEqualTo(CommandPayload.walletKey("w2"));
        }

        @Test
        void duplicateKeyReturnsTheExistingCommandInsteadOfASecondOne() throws Exception {
            EnqueuedCommand first = enqueue(transfer("acme", "enq-dup", 800));
            EnqueuedCommand again = enqueue(transfer("acme", "enq-dup", 800));

            assertThat(again.created()).isFalse();
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'enq-dup'")).isEqualTo(1);
        }

        @Test
        void sameKeyInAnotherTenantIsAnotherCommand() throws Exception {
            EnqueuedCommand acme = enqueue(transfer("acme", "enq-shared", 5));
            EnqueuedCommand other = enqueue(transfer("globex", "enq-shared", 5));

            assertThat(other.id()).isNotEqualTo(acme.id());
            assertThat(Outbox.chaincodeKey("acme", "enq-shared")).isNotEqualTo(Outbox.chaincodeKey("globex", "enq-shared"));
        }

        @Test
        void sameKeyWithADifferentPayloadIsRefused() throws Exception {
            enqueue(transfer("acme", "enq-reused", 800));

            assertThatThrownBy(() -> enqueue(transfer("acme", "enq-reused", 801)))
                    .isInstanceOfSatisfying(InvalidCommandException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.IDEMPOTENCY_KEY_REUSED));
        }

        @Test
        void rollsBackWithTheCallersTransaction() throws Exception {
            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                Outbox.enqueue(connection, transfer("acme", "enq-rolled-back", 10));
                connection.rollback();
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key = 'enq-rolled-back'")).isZero();
        }
    }

    @Nested
    class BadInput {
        @Test
        void unknownCommandTypeIsRefusedAndNothingIsStored() throws Exception {
            long before = db.count("SELECT count(*) FROM outbox_command");
            assertThatThrownBy(() -> enqueue(new NewCommand("acme", "STEAL", "{}", "bad-1", null)))
                    .isInstanceOfSatisfying(InvalidCommandException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.UNKNOWN_COMMAND_TYPE));
            assertThat(db.count("SELECT count(*) FROM outbox_command")).isEqualTo(before);
        }

        @Test
        void malformedJsonIsRefused() {
            assertThatThrownBy(() -> enqueue(new NewCommand("acme", "TRANSFER", "{\"fromId\":", "bad-2", null)))
                    .isInstanceOfSatisfying(InvalidCommandException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.MALFORMED_PAYLOAD));
        }

        @Test
        void nonPositiveFractionalOrMissingAmountsAreRefused() {
            for (String amount : new String[] {"0", "-5", "8.5", "\"x\"", "99999999999999999999"}) {
                assertThatThrownBy(() -> enqueue(new NewCommand("acme", "TRANSFER",
                        "{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":" + amount + "}", "bad-amount", null)))
                        .as(amount)
                        .isInstanceOfSatisfying(InvalidCommandException.class,
                                e -> assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.INVALID_ARGUMENT));
            }
        }

        @Test
        void transferToItselfAndMissingKeyAreRefused() {
            assertThatThrownBy(() -> enqueue(new NewCommand("acme", "TRANSFER", "{\"fromId\":\"w1\",\"toId\":\"w1\",\"amount\":1}", "bad-3", null)))
                    .hasMessageContaining("fromId and toId must be different wallets");
            assertThatThrownBy(() -> enqueue(new NewCommand("acme", "TRANSFER", "{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":1}", " ", null)))
                    .hasMessageContaining("idempotencyKey");
        }
    }

    /** What the chaincode is certain to refuse is refused at enqueue, naming the field, and stores nothing. */
    @Nested
    class LedgerRules {
        private static final String W1 = "\"fromId\":\"w1\",\"toId\":\"w2\"";

        private void assertRefused(NewCommand command, String field) throws Exception {
            long before = db.count("SELECT count(*) FROM outbox_command");
            assertThatThrownBy(() -> enqueue(command))
                    .as(field)
                    .isInstanceOfSatisfying(InvalidCommandException.class, e -> {
                        assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(field);
                        assertThat(e.field()).isEqualTo(field);
                    });
            assertThat(db.count("SELECT count(*) FROM outbox_command")).isEqualTo(before);
        }

        private static NewCommand command(CommandType type, String payload, String key) {
            return NewCommand.of("acme", type, payload, key);
        }

        @Test
        void amountsAboveTheLedgerMaximumAreRefused() throws Exception {
            assertRefused(command(CommandType.TRANSFER, "{" + W1 + ",\"amount\":9223372036854775807}", "rule-amount-1"), "amount");
            assertRefused(command(CommandType.TRANSFER, "{" + W1 + ",\"amount\":1000000000000000001}", "rule-amount-2"), "amount");
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":9000000000000000000}", "rule-amount-3"), "amount");
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":9e18}", "rule-amount-4"), "amount");
            assertRefused(command(CommandType.BURN, "{\"walletId\":\"w1\",\"amount\":\"0800\"}", "rule-amount-5"), "amount");

            assertThat(enqueue(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1000000000000000000}", "rule-amount-max")).created()).isTrue();
        }

        @Test
        void walletIdsTheLedgerRefusesAreRefused() throws Exception {
            assertRefused(command(CommandType.TRANSFER, "{\"fromId\":\"" + "w".repeat(300) + "\",\"toId\":\"w2\",\"amount\":1}", "rule-id-1"), "fromId");
            assertRefused(command(CommandType.TRANSFER, "{\"fromId\":\"w1\",\"toId\":\"" + "w".repeat(10_240) + "\",\"amount\":1}", "rule-id-2"), "toId");
            assertRefused(command(CommandType.CREATE_WALLET, "{\"walletId\":\"my wallet\",\"owner\":\"x509::alice\"}", "rule-id-3"), "walletId");
            assertRefused(command(CommandType.TRANSFER, "{\"fromId\":\"w1\",\"toId\":\"w1\",\"amount\":1}", "rule-id-4"), "toId");

            assertThat(enqueue(command(CommandType.UNFREEZE_WALLET, "{\"walletId\":\"" + "w".repeat(128) + "\"}", "rule-id-max")).created()).isTrue();
        }

        @Test
        void aWalletIdWithANulIsRefusedNotARawDatabaseError() throws Exception {
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w\\u0000\",\"amount\":5}", "rule-nul-1"), "walletId");
        }

        @Test
        void textTheLedgerRefusesIsRefused() throws Exception {
            assertRefused(command(CommandType.TRANSFER, "{" + W1 + ",\"amount\":1,\"remark\":\"" + "r".repeat(10_240) + "\"}", "rule-text-1"), "remark");
            assertRefused(command(CommandType.TRANSFER, "{" + W1 + ",\"amount\":1,\"remark\":\"line\\nbreak\"}", "rule-text-2"), "remark");
            assertRefused(command(CommandType.TRANSFER, "{" + W1 + ",\"amount\":1,\"txType\":\"" + "T".repeat(65) + "\"}", "rule-text-3"), "txType");
            assertRefused(command(CommandType.TRANSFER, "{" + W1 + ",\"amount\":1,\"txType\":\" \"}", "rule-text-4"), "txType");
            assertRefused(command(CommandType.CREATE_WALLET, "{\"walletId\":\"w9\",\"owner\":\"" + "o".repeat(1025) + "\"}", "rule-text-5"), "owner");
        }

        @Test
        void aFreezeWithoutAReasonIsRefusedBecauseTheLedgerRequiresOne() throws Exception {
            assertRefused(command(CommandType.FREEZE_WALLET, "{\"walletId\":\"w1\"}", "rule-freeze-1"), "reason");
            assertRefused(command(CommandType.FREEZE_WALLET, "{\"walletId\":\"w1\",\"reason\":\"\"}", "rule-freeze-2"), "reason");

            assertThat(enqueue(command(CommandType.FREEZE_WALLET, "{\"walletId\":\"w1\",\"reason\":\"fraud review\"}", "rule-freeze-ok")).created()).isTrue();
        }

        @Test
        void aBatchAboveTheLedgerLegLimitIsRefused() throws Exception {
            assertRefused(command(CommandType.BATCH_TRANSFER, batch(151), "rule-batch-151"), "transfers");
            assertRefused(command(CommandType.BATCH_TRANSFER, "{\"transfers\":[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":1},"
                    + "{\"fromId\":\"w2\",\"toId\":\"w3\",\"amount\":1000000000000000001}]}", "rule-batch-leg"), "transfers[1].amount");

            assertThat(enqueue(command(CommandType.BATCH_TRANSFER, batch(100), "rule-batch-100")).created()).isTrue();
        }

        @Test
        void idempotencyKeysTheLedgerRefusesAreRefused() throws Exception {
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1}", "order 42"), "idempotencyKey");
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1}", "k".repeat(201)), "idempotencyKey");
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1}", "k\u0000"), "idempotencyKey");
        }

        @Test
        void aNulAnywhereIsRefusedBeforeTheDatabaseSeesIt() throws Exception {
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1,\"note\":\"a\\u0000b\"}", "rule-nul-2"), "note");
            assertRefused(command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1,\"n\\u0000\":1}", "rule-nul-3"), "payload");
            assertRefused(new NewCommand("acme", "MINT", "{\"walletId\":\"w1\",\"amount\":1}", "rule-nul-4", "queue\u0000"), "orderingKey");
            assertRefused(new NewCommand("acme\u0000", "MINT", "{\"walletId\":\"w1\",\"amount\":1}", "rule-nul-5", null), "tenantId");
        }

        @Test
        void whatJsonbCannotHoldIsBadInputNotARawDatabaseError() throws Exception {
            long before = db.count("SELECT count(*) FROM outbox_command");
            for (String payload : new String[] {"{\"walletId\":\"w1\",\"amount\":1,\"note\":NaN}",
                    "{\"walletId\":\"w1\",\"amount\":1,\"note\":1e1000000}"}) {
                assertThatThrownBy(() -> enqueue(command(CommandType.MINT, payload, "rule-jsonb")))
                        .as(payload)
                        .isInstanceOfSatisfying(InvalidCommandException.class,
                                e -> assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.MALFORMED_PAYLOAD));
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command")).isEqualTo(before);
        }

        @Test
        void aBadCommandInABulkEnqueueStoresNoneOfTheBatch() throws Exception {
            NewCommand good = command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":1}", "rule-bulk-good");
            NewCommand bad = command(CommandType.MINT, "{\"walletId\":\"w1\",\"amount\":9223372036854775807}", "rule-bulk-bad");
            assertThatThrownBy(() -> {
                try (Connection connection = db.dataSource().getConnection()) {
                    Outbox.enqueueAll(connection, List.of(good, bad));
                }
            }).isInstanceOfSatisfying(InvalidCommandException.class, e -> assertThat(e.field()).isEqualTo("amount"));
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE idempotency_key LIKE 'rule-bulk-%'")).isZero();
        }

        private static String batch(int legs) {
            StringBuilder json = new StringBuilder("{\"transfers\":[");
            for (int i = 0; i < legs; i++) {
                json.append(i == 0 ? "" : ",").append("{\"fromId\":\"w").append(i).append("\",\"toId\":\"w").append(i + 1).append("\",\"amount\":1}");
            }
            return json.append("]}").toString();
        }
    }

    /** Tenant ids never contain the ':' that separates them from the key in the chaincode's idempotency key. */
    @Nested
    class Tenants {
        private static final String MINT = "{\"walletId\":\"w1\",\"amount\":1}";

        @Test
        void aTenantWithTheSeparatorIsRefusedSoTwoTenantsCannotShareAChaincodeKey() throws Exception {
            EnqueuedCommand t1 = enqueue(NewCommand.of("t1", CommandType.MINT, MINT, "x:k2"));
            assertThat(t1.created()).isTrue();

            assertThatThrownBy(() -> enqueue(NewCommand.of("t1:x", CommandType.MINT, MINT, "k2")))
                    .isInstanceOfSatisfying(InvalidCommandException.class, e -> {
                        assertThat(e.reason()).isEqualTo(InvalidCommandException.Reason.INVALID_ARGUMENT);
                        assertThat(e.field()).isEqualTo("tenantId");
                    });
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't1:x'")).isZero();
            assertThat(Outbox.commandKeyOf("t1", Outbox.chaincodeKey("t1", "x:k2"))).isEqualTo("x:k2");
        }

        @Test
        void theLongestTenantAndKeyStillFitTheLedgersKeyLimit() throws Exception {
            String tenant = "t".repeat(dev.tokenomics.client.outbox.TenantIds.MAX_LENGTH);
            String key = "k".repeat(Outbox.MAX_IDEMPOTENCY_KEY_LENGTH);
            assertThat(enqueue(NewCommand.of(tenant, CommandType.MINT, MINT, key)).created()).isTrue();
            assertThat(dev.tokenomics.rules.ArgumentRules.idempotencyKey(Outbox.chaincodeKey(tenant, key))).hasSize(256);
            assertThatThrownBy(() -> enqueue(NewCommand.of(tenant + "t", CommandType.MINT, MINT, "k-long-tenant")))
                    .isInstanceOfSatisfying(InvalidCommandException.class, e -> assertThat(e.field()).isEqualTo("tenantId"));
        }

        @Test
        void theDatabaseRefusesWhatEnqueueRefusesEvenFromPlainSql() throws Exception {
            for (String tenant : new String[] {"acme", "Org_1.eu-west", "t1:x", "a b", "", "é", "t".repeat(55), "t".repeat(56), "x/y"}) {
                boolean javaAccepts;
                try {
                    dev.tokenomics.client.outbox.TenantIds.require(tenant);
                    javaAccepts = true;
                } catch (InvalidCommandException e) {
                    javaAccepts = false;
                }
                boolean sqlAccepts;
                try (Connection connection = db.dataSource().getConnection(); var insert = connection.prepareStatement(
                        "INSERT INTO outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key) VALUES (?, 'MINT', ?::jsonb, 'sql-tenant', 'wallet:w1')")) {
                    insert.setString(1, tenant);
                    insert.setString(2, MINT);
                    insert.executeUpdate();
                    sqlAccepts = true;
                } catch (java.sql.SQLException e) {
                    assertThat(e.getSQLState()).as(tenant).isEqualTo("23514");
                    assertThat(e.getMessage()).contains("outbox_command_tenant_id");
                    sqlAccepts = false;
                }
                assertThat(sqlAccepts).as("'" + tenant + "'").isEqualTo(javaAccepts);
            }
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't1:x'")).isZero();
        }

        @Test
        void aDatabaseAlreadyHoldingAnOddTenantStillMigrates() throws Exception {
            String schema = db.schema() + "_old";
            try (Connection admin = java.sql.DriverManager.getConnection(db.baseUrl()); var statement = admin.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                try {
                    org.flywaydb.core.Flyway.configure().dataSource(db.dataSource()).schemas(schema).defaultSchema(schema)
                            .locations("classpath:db/migration").target("8").load().migrate();
                    statement.execute("INSERT INTO " + schema + ".outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)"
                            + " VALUES ('t1:x', 'MINT', '" + MINT + "', 'k2', 'wallet:w1')");

                    dev.tokenomics.client.db.Migrations.migrate(db.dataSource(), schema);

                    try (var rs = statement.executeQuery("SELECT count(*) FROM " + schema + ".outbox_command WHERE tenant_id = 't1:x'")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(1);
                    }
                    assertThatThrownBy(() -> statement.execute("INSERT INTO " + schema + ".outbox_command (tenant_id, command_type, payload, idempotency_key, ordering_key)"
                            + " VALUES ('t2:x', 'MINT', '" + MINT + "', 'k2', 'wallet:w1')"))
                            .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
                } finally {
                    statement.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }
}
