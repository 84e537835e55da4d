package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.readmodel.CommandStatusQuery;
import dev.tokenomics.client.readmodel.CommandStatusView;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
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

    @Nested
    class Enqueue {
        @Test
        void storesAPendingCommandOrderedBySourceWallet() throws Exception {
            EnqueuedCommand command = enqueue(transfer("acme", "enq-1", 800));

            assertThat(command.created()).isTrue();
            assertThat(command.status()).isEqualTo("PENDING");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id = ? AND ordering_key = 'wallet:w1'", command.id())).isEqualTo(1);
            CommandStatusView view = new CommandStatusQuery(db.dataSource()).byId("acme", command.id()).orElseThrow();
            assertThat(view.status()).isEqualTo("PENDING");
            assertThat(view.idempotencyKey()).isEqualTo("enq-1");
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
                    .hasMessageContaining("must differ");
            assertThatThrownBy(() -> enqueue(new NewCommand("acme", "TRANSFER", "{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":1}", " ", null)))
                    .hasMessageContaining("idempotencyKey");
        }
    }
}
