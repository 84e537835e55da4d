package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.support.ChainSource;
import dev.tokenomics.client.support.SyntheticBlocks;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ApplyCommands transactions in the read model and the outbox: each command of an envelope is
 * projected as its own transaction would be, in position order, and decides its own outbox
 * command (confirmed when applied or replayed, failed with the chaincode's code when rejected).
 */
class CommandsAppliedTest {
    private static final String OWNER = "x509::CN=alice::CN=ca";
    private static final BlockParser parser = new BlockParser("tokenomics");
    private static TestDatabase db;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(4);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    private static BlockApplier applier(String tenant) throws Exception {
        new Checkpoints(db.dataSource()).readOrCreate(tenant, "mychannel");
        return new BlockApplier(db.dataSource(), tenant, "mychannel", "test");
    }

    private static AppliedBatch apply(BlockApplier applier, Block... blocks) throws Exception {
        return applier.apply(Arrays.stream(blocks).map(parser::parse).toList(), null);
    }

    private static SyntheticBlocks.Tx genesis(long a, long c) {
        return new SyntheticBlocks.Tx("g1", TxValidationCode.VALID, "GenesisDistributed",
                SyntheticBlocks.event("GenesisDistributed", "g1").txType("GENESIS").move(null, "a", a).move(null, "c", c)
                        .wallet("a", OWNER, a, "ACTIVE").wallet("b", OWNER, 0, "ACTIVE").wallet("c", OWNER, c, "ACTIVE")
                        .supply(a + c).json());
    }

    /** Queues a command and marks it as a submitter does once it sent it in transaction {@code txId}, with {@code status}. */
    private static void sent(String tenant, String key, CommandType type, String payload, String txId, String status) throws Exception {
        long id;
        try (Connection connection = db.dataSource().getConnection()) {
            id = Outbox.enqueue(connection, NewCommand.of(tenant, type, payload, key)).id();
        }
        String lease = "PROCESSING".equals(status) ? ", locked_by = 'worker-1', lease_expires_at = now() + interval '5 minutes'" : "";
        db.execute("UPDATE outbox_command SET status = '" + status + "', fabric_tx_id = '" + txId + "'" + lease + " WHERE id = " + id);
    }

    private static String transfer(String from, String to, long amount) {
        return "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    /** key=STATUS[/error_code][/block] for each command of {@code tenant}, in id order. */
    private static String outbox(String tenant) throws SQLException {
        return db.text("SELECT string_agg(idempotency_key || '=' || status || coalesce('/' || error_code, '') || coalesce('/' || block_number, ''),"
                + " ' ' ORDER BY id) FROM outbox_command WHERE tenant_id = ?", tenant);
    }

    /** position:event_type:applied (t/f)[:original_tx_id][:reason] of the rows of transaction {@code txId}. */
    private static String rows(String tenant, String txId) throws SQLException {
        return db.text("SELECT string_agg(concat_ws(':', command_position, event_type, applied, original_tx_id, reason), ' '"
                + " ORDER BY command_position) FROM wallet_transaction WHERE tenant_id = ? AND on_chain_tx_id = ?", tenant, txId);
    }

    private static String balances(String tenant) throws SQLException {
        return db.text("SELECT string_agg(wallet_id || '=' || balance || '/' || status, ' ' ORDER BY wallet_id) FROM wallet WHERE tenant_id = ?",
                tenant);
    }

    /** Everything the projector writes for {@code tenant}, as text. */
    private static String readModel(String tenant) throws SQLException {
        return db.text("""
                SELECT concat_ws(' / ',
                    (SELECT string_agg(concat_ws(',', wallet_id, owner_id, balance, status, freeze_reason, version, last_tx_id, last_block),
                                       ';' ORDER BY wallet_id) FROM wallet WHERE tenant_id = ?),
                    (SELECT string_agg(concat_ws(',', owner_id, wallet_count, frozen_wallet_count, total_balance), ';' ORDER BY owner_id)
                     FROM owner_profile WHERE tenant_id = ?),
                    (SELECT string_agg(concat_ws(',', on_chain_tx_id, command_position, block_number, tx_index, event_type, idempotency_key,
                                                 from_wallet_id, to_wallet_id, amount, movements::text, total_supply, reason, original_tx_id,
                                                 applied), ';' ORDER BY block_number, tx_index, command_position)
                     FROM wallet_transaction WHERE tenant_id = ?),
                    (SELECT concat_ws(',', next_block, total_supply, valid_tx_count, invalid_tx_count)
                     FROM projector_checkpoint WHERE tenant_id = ?),
                    (SELECT string_agg(concat_ws(',', idempotency_key, status, error_code, error_detail, block_number, validation_code,
                                                 locked_by), ';' ORDER BY id) FROM outbox_command WHERE tenant_id = ?))""",
                tenant, tenant, tenant, tenant, tenant);
    }

    /**
     * One envelope with every outcome: a transfer, a mint and a batch transfer applied, a key
     * replayed (its stored result names the transaction that first applied it and carries the
     * wallets as they stood then), two commands rejected, and a rejected command of another tenant.
     */
    private static final class MixedEnvelope {
        static final String TX = "env-mixed";
        final String tenant;
        final SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");

        MixedEnvelope(String tenant) {
            this.tenant = tenant;
        }

        String key(String key) {
            return tenant + ":" + key;
        }

        /** The commands the envelope carries, queued and sent in it (in different states, as a submitter may leave them). */
        void queueCommands() throws Exception {
            sent(tenant, "k-transfer", CommandType.TRANSFER, transfer("a", "b", 300), TX, "COMMITTED");
            sent(tenant, "k-mint", CommandType.MINT, "{\"walletId\":\"b\",\"amount\":500}", TX, "PROCESSING");
            sent(tenant, "k-replayed", CommandType.TRANSFER, transfer("a", "b", 100), TX, "COMMITTED");
            sent(tenant, "k-broke", CommandType.TRANSFER, transfer("a", "b", 5000), TX, "PENDING"); // waiting out an outage, tx kept
            sent(tenant, "k-frozen", CommandType.TRANSFER, transfer("c", "a", 10), TX, "COMMITTED");
            sent(tenant, "k-batch", CommandType.BATCH_TRANSFER,
                    "{\"transfers\":[{\"fromId\":\"b\",\"toId\":\"a\",\"amount\":100},{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":50}]}", TX,
                    "COMMITTED");
        }

        /** Genesis a=1000 c=50; the replayed key first applied by tx-first (a -> b 100) and c frozen; then the envelope. */
        List<Block> chain() {
            SyntheticBlocks.EventPayload first = SyntheticBlocks.event("InternalTransferEvent", "tx-first").key(key("k-replayed"))
                    .txType("TRANSFER").move("a", "b", 100).wallet("a", OWNER, 900, "ACTIVE").wallet("b", OWNER, 100, "ACTIVE");
            return List.of(
                    blocks.configBlock(),
                    blocks.block(1, List.of(genesis(1000, 50))),
                    blocks.block(2, List.of(
                            new SyntheticBlocks.Tx("tx-first", TxValidationCode.VALID, "InternalTransferEvent", first.json()),
                            new SyntheticBlocks.Tx("f1", TxValidationCode.VALID, "WalletFrozen",
                                    SyntheticBlocks.event("WalletFrozen", "f1").txType("FREEZE").wallet("c", OWNER, 50, "FROZEN")
                                            .reason("audit").json()))),
                    blocks.block(3, List.of(SyntheticBlocks.commandsApplied(TX)
                            .applied("TRANSFER", key("k-transfer"), SyntheticBlocks.event("InternalTransferEvent", TX).key(key("k-transfer"))
                                    .txType("TRANSFER").move("a", "b", 300).wallet("a", OWNER, 600, "ACTIVE").wallet("b", OWNER, 400, "ACTIVE"))
                            .applied("MINT", key("k-mint"), SyntheticBlocks.event("TokensMinted", TX).key(key("k-mint")).txType("MINT")
                                    .move(null, "b", 500).wallet("b", OWNER, 900, "ACTIVE").supply(1550))
                            .replayed("TRANSFER", key("k-replayed"), first)
                            .rejected("TRANSFER", key("k-broke"), "INSUFFICIENT_FUNDS", "wallet a holds 600, needs 5000")
                            .rejected("TRANSFER", key("k-frozen"), "WALLET_FROZEN", "wallet c is frozen")
                            .applied("BATCH_TRANSFER", key("k-batch"), SyntheticBlocks.event("BatchTransferCompleted", TX).key(key("k-batch"))
                                    .txType("BATCH").move("b", "a", 100).move("a", "b", 50)
                                    .wallet("a", OWNER, 650, "ACTIVE").wallet("b", OWNER, 850, "ACTIVE"))
                            .rejected("TRANSFER", "other:k-broke", "INSUFFICIENT_FUNDS", "wallet a holds 650, needs 9000")
                            .tx())));
        }
    }

    @Nested
    class Outcomes {
        @Test
        void eachCommandOfAnEnvelopeIsProjectedAndDecidesItsOwnOutboxCommand() throws Exception {
            MixedEnvelope envelope = new MixedEnvelope("t-mixed");
            List<Block> chain = envelope.chain();
            BlockApplier applier = applier("t-mixed");
            apply(applier, chain.get(0), chain.get(1), chain.get(2));
            // Queued after tx-first was projected (another deployment of the tenant applied that key with
            // the same request): only the envelope, the command's own transaction, can confirm it.
            envelope.queueCommands();

            AppliedBatch applied = apply(applier, chain.get(3));

            assertThat(applied.confirmedCommands()).isEqualTo(4);
            assertThat(applied.failedCommands()).isEqualTo(2);
            assertThat(outbox("t-mixed")).isEqualTo("k-transfer=CONFIRMED/3 k-mint=CONFIRMED/3 k-replayed=CONFIRMED/3 "
                    + "k-broke=FAILED/INSUFFICIENT_FUNDS/3 k-frozen=FAILED/WALLET_FROZEN/3 k-batch=CONFIRMED/3");
            assertThat(db.text("SELECT string_agg(error_detail, '|' ORDER BY id) FROM outbox_command WHERE tenant_id = 't-mixed'"))
                    .isEqualTo("wallet a holds 600, needs 5000|wallet c is frozen");
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = 't-mixed' AND (locked_by IS NOT NULL"
                    + " OR validation_code IS DISTINCT FROM 'VALID')")).isZero();
            assertThat(rows("t-mixed", MixedEnvelope.TX)).isEqualTo("0:InternalTransferEvent:t 1:TokensMinted:t "
                    + "2:OperationReplayed:f:tx-first 3:CommandRejected:f:INSUFFICIENT_FUNDS: wallet a holds 600, needs 5000 "
                    + "4:CommandRejected:f:WALLET_FROZEN: wallet c is frozen 5:BatchTransferCompleted:t "
                    + "6:CommandRejected:f:INSUFFICIENT_FUNDS: wallet a holds 650, needs 9000");
            // The replayed command's stored wallets (a=900, b=100) are history: they are not applied.
            assertThat(balances("t-mixed")).isEqualTo("a=650/ACTIVE b=850/ACTIVE c=50/FROZEN");
            assertThat(db.text("SELECT string_agg(wallet_id || ':' || version || ':' || last_tx_id, ' ' ORDER BY wallet_id) FROM wallet"
                    + " WHERE tenant_id = 't-mixed'")).isEqualTo("a:4:env-mixed b:5:env-mixed c:2:f1");
            assertThat(new WalletQuery(db.dataSource()).projectedSupply("t-mixed", "mychannel")).contains(1550L);
            assertThat(db.count("SELECT total_balance FROM owner_profile WHERE tenant_id = 't-mixed'")).isEqualTo(1550);
            assertThat(db.text("SELECT concat_ws(',', valid_tx_count, invalid_tx_count) FROM projector_checkpoint WHERE tenant_id = 't-mixed'"))
                    .isEqualTo("4,0");
        }

        /** Ten transfers of 800 from a wallet holding 1000, all in one envelope: the chaincode applies the first only. */
        @Test
        void theSeedRaceInOneEnvelopeConfirmsOneTransferAndFailsNineWithInsufficientFunds() throws Exception {
            String tenant = "t-race";
            SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
            SyntheticBlocks.CommandsAppliedPayload race = SyntheticBlocks.commandsApplied("env-race")
                    .applied("TRANSFER", tenant + ":race-0", SyntheticBlocks.event("InternalTransferEvent", "env-race").key(tenant + ":race-0")
                            .txType("TRANSFER").move("a", "b", 800).wallet("a", OWNER, 200, "ACTIVE").wallet("b", OWNER, 800, "ACTIVE"));
            for (int i = 0; i < 10; i++) {
                sent(tenant, "race-" + i, CommandType.TRANSFER, transfer("a", "b", 800), "env-race", "COMMITTED");
                if (i > 0) {
                    race.rejected("TRANSFER", tenant + ":race-" + i, "INSUFFICIENT_FUNDS", "wallet a holds 200, needs 800");
                }
            }
            BlockApplier applier = applier(tenant);
            apply(applier, blocks.configBlock(), blocks.block(1, List.of(genesis(1000, 0))));

            AppliedBatch applied = apply(applier, blocks.block(2, List.of(race.tx())));

            assertThat(applied).extracting(AppliedBatch::confirmedCommands, AppliedBatch::failedCommands).containsExactly(1, 9);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'CONFIRMED' AND idempotency_key = 'race-0'",
                    tenant)).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE tenant_id = ? AND status = 'FAILED' AND error_code = 'INSUFFICIENT_FUNDS'",
                    tenant)).isEqualTo(9);
            assertThat(balances(tenant)).isEqualTo("a=200/ACTIVE b=800/ACTIVE c=0/ACTIVE");
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = ? AND on_chain_tx_id = 'env-race'", tenant))
                    .isEqualTo(10);
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = ? AND on_chain_tx_id = 'env-race' AND applied",
                    tenant)).isEqualTo(1);
        }

        /*
         * A command re-sent in a new envelope holds the new envelope's id; an older envelope that
         * committed after all is not its own. There a rejection decides nothing (the key stays
         * usable, the own envelope answers), an application confirms it only if it carries its
         * request, and a command already FAILED keeps its answer.
         */
        @Test
        void anEnvelopeThatIsNotTheCommandsOwnConfirmsOnlyByItsRequestAndNeverFails() throws Exception {
            String tenant = "t-resent";
            SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
            sent(tenant, "k-rejected-before", CommandType.TRANSFER, transfer("a", "b", 100), "env-new", "PENDING");
            sent(tenant, "k-applied-before", CommandType.TRANSFER, transfer("a", "b", 200), "env-new", "PENDING");
            sent(tenant, "k-other-request", CommandType.TRANSFER, transfer("a", "b", 300), "env-new", "PENDING");
            sent(tenant, "k-gave-up", CommandType.TRANSFER, transfer("a", "b", 400), "env-old", "PENDING");
            db.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'RETRIES_EXHAUSTED' WHERE idempotency_key = 'k-gave-up'");
            BlockApplier applier = applier(tenant);
            apply(applier, blocks.configBlock(), blocks.block(1, List.of(genesis(1000, 0))));

            apply(applier, blocks.block(2, List.of(SyntheticBlocks.commandsApplied("env-old")
                    .rejected("TRANSFER", tenant + ":k-rejected-before", "UNAUTHORIZED", "not an operator")
                    .applied("TRANSFER", tenant + ":k-applied-before", SyntheticBlocks.event("InternalTransferEvent", "env-old")
                            .key(tenant + ":k-applied-before").txType("TRANSFER").move("a", "b", 200)
                            .wallet("a", OWNER, 800, "ACTIVE").wallet("b", OWNER, 200, "ACTIVE"))
                    .applied("TRANSFER", tenant + ":k-other-request", SyntheticBlocks.event("InternalTransferEvent", "env-old")
                            .key(tenant + ":k-other-request").txType("TRANSFER").move("a", "b", 301)
                            .wallet("a", OWNER, 499, "ACTIVE").wallet("b", OWNER, 501, "ACTIVE"))
                    .rejected("TRANSFER", tenant + ":k-gave-up", "INSUFFICIENT_FUNDS", "wallet a holds 499, needs 400")
                    .tx())));

            assertThat(outbox(tenant)).isEqualTo("k-rejected-before=PENDING k-applied-before=CONFIRMED/2 k-other-request=PENDING "
                    + "k-gave-up=FAILED/RETRIES_EXHAUSTED");
            assertThat(balances(tenant)).isEqualTo("a=499/ACTIVE b=501/ACTIVE c=0/ACTIVE");
        }
    }

    @Nested
    class Replays {
        @Test
        void applyingTheSameEnvelopeBlockAgainChangesNothing() throws Exception {
            MixedEnvelope envelope = new MixedEnvelope("t-again");
            envelope.queueCommands();
            List<Block> chain = envelope.chain();
            BlockApplier applier = applier("t-again");
            apply(applier, chain.get(0), chain.get(1), chain.get(2));
            apply(applier, chain.get(3));
            String once = readModel("t-again");

            // A projector that crashed after committing reads the checkpoint and is refused the block.
            assertThatThrownBy(() -> apply(applier, chain.get(3))).isInstanceOf(LostLeadershipException.class);
            assertThat(readModel("t-again")).isEqualTo(once);

            // Even with the checkpoint wound back by hand, a command's row cannot be projected twice.
            db.execute("UPDATE projector_checkpoint SET next_block = 3, last_block_hash = NULL WHERE tenant_id = 't-again'");
            assertThatThrownBy(() -> apply(applier, chain.get(3))).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getMessage()).contains("wallet_transaction_once"));
            db.execute("UPDATE projector_checkpoint SET next_block = 4 WHERE tenant_id = 't-again'");
            assertThat(readModel("t-again")).isEqualTo(once);
        }

        @Test
        void oneBatchGivesTheSameReadModelAndOutboxAsBlockByBlock() throws Exception {
            MixedEnvelope byBlock = new MixedEnvelope("t-by-block");
            MixedEnvelope batched = new MixedEnvelope("t-batched");
            byBlock.queueCommands();
            batched.queueCommands();
            BlockApplier one = applier("t-by-block");
            for (Block block : byBlock.chain()) {
                apply(one, block);
            }
            apply(applier("t-batched"), batched.chain().toArray(Block[]::new));

            assertThat(readModel("t-batched").replace("t-batched", "T")).isEqualTo(readModel("t-by-block").replace("t-by-block", "T"));
            // Queued before tx-first was projected, the replayed command is confirmed there, by its request.
            assertThat(outbox("t-batched")).startsWith("k-transfer=CONFIRMED/3 k-mint=CONFIRMED/3 k-replayed=CONFIRMED/2 ");
        }
    }

    @Nested
    class Reconcile {
        /** Reconcile's count of the ledger's rows (AppliedBlocks) and of the read model's (ReadModelSnapshot) agree row for row. */
        @Test
        void theLedgerAndTheReadModelCountOneRowPerCommandOfAnEnvelope() throws Exception {
            MixedEnvelope envelope = new MixedEnvelope("t-rows");
            envelope.queueCommands();
            List<Block> chain = envelope.chain();
            apply(applier("t-rows"), chain.toArray(Block[]::new));

            AppliedBlocks onLedger = AppliedBlocks.scan(new ChainSource(chain), parser, chain.size(), Instant.now().plusSeconds(30));
            ReadModelSnapshot readModel = ReadModelSnapshot.read(db.dataSource(), "t-rows", "mychannel", Duration.ofMinutes(15));

            assertThat(readModel.projectedRows()).isEqualTo(onLedger.rows());
            assertThat(onLedger.validTransactions()).containsExactlyInAnyOrder("g1", "tx-first", "f1", MixedEnvelope.TX);
            List<ProjectedRow> envelopeRows = new ArrayList<>();
            for (int position = 0; position < 7; position++) {
                envelopeRows.add(new ProjectedRow(MixedEnvelope.TX, position));
            }
            assertThat(onLedger.rows()).hasSize(10).containsAll(envelopeRows);
            assertThat(readModel.committedNotConfirmed()).isEmpty();
        }
    }

    @Nested
    class Parse {
        @Test
        void anEnvelopeEventWhoseCommandsAreOutOfOrderOrIncompleteStopsTheProjector() {
            SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
            String noResult = SyntheticBlocks.commandsApplied("e1").rejected("TRANSFER", "t:k", "INSUFFICIENT_FUNDS", "m").json()
                    .replace("\"REJECTED\"", "\"APPLIED\"");
            String unknownOutcome = SyntheticBlocks.commandsApplied("e2").rejected("TRANSFER", "t:k", "INSUFFICIENT_FUNDS", "m").json()
                    .replace("\"REJECTED\"", "\"POSTPONED\"");
            String gap = SyntheticBlocks.commandsApplied("e3").rejected("TRANSFER", "t:k", "INSUFFICIENT_FUNDS", "m").json()
                    .replace("\"position\":0", "\"position\":1");
            for (String payload : List.of(noResult, unknownOutcome, gap)) {
                Block block = blocks.block(1, List.of(new SyntheticBlocks.Tx("e", TxValidationCode.VALID, "CommandsApplied", payload)));
                assertThatThrownBy(() -> parser.parse(block)).as(payload).isInstanceOf(MalformedBlockException.class);
            }
        }
    }

    @Nested
    class Migration {
        /** V12 on a table written before it: existing rows are position 0 and still unique per transaction. */
        @Test
        void rowsWrittenBeforeV12AreTheCommandAtPosition0() throws Exception {
            try (TestDatabase old = TestDatabase.create(2, "11")) {
                String insert = "INSERT INTO wallet_transaction (tenant_id, on_chain_tx_id, block_number, tx_index, event_type, movements, applied"
                        + ") VALUES ('t', 'tx1', 1, 0, 'InternalTransferEvent', '[]', true)";
                old.execute(insert);

                old.migrate();

                assertThat(old.count("SELECT command_position FROM wallet_transaction WHERE on_chain_tx_id = 'tx1'")).isZero();
                assertThatThrownBy(() -> old.execute(insert)).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("23505"));
                old.execute(insert.replace("tx_index, event_type", "tx_index, command_position, event_type").replace("1, 0,", "1, 0, 1,"));
                assertThat(old.count("SELECT count(*) FROM wallet_transaction WHERE on_chain_tx_id = 'tx1'")).isEqualTo(2);
            }
        }
    }
}
