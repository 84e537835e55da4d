package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.tokenomics.client.support.SyntheticBlocks;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.readmodel.WalletView;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BlockApplierTest {
    private static final String OWNER = "x509::CN=alice::CN=ca";
    private static TestDatabase db;
    private static final SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
    private static final BlockParser parser = new BlockParser("tokenomics");

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

    private static SyntheticBlocks.Tx genesis(String txId) {
        return new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "GenesisDistributed",
                SyntheticBlocks.event("GenesisDistributed", txId).txType("GENESIS")
                        .move(null, "a", 1000).move(null, "b", 0)
                        .wallet("a", OWNER, 1000, "ACTIVE").wallet("b", OWNER, 0, "ACTIVE").supply(1000).json());
    }

    private static SyntheticBlocks.Tx transfer(String txId, String key, long aAfter, long bAfter, TxValidationCode code) {
        return new SyntheticBlocks.Tx(txId, code, "InternalTransferEvent",
                SyntheticBlocks.event("InternalTransferEvent", txId).key(key).txType("TRANSFER").move("a", "b", 1000 - aAfter)
                        .wallet("a", OWNER, aAfter, "ACTIVE").wallet("b", OWNER, bAfter, "ACTIVE").json());
    }

    /** Applies {@code blocks} as one batch: one DB transaction. */
    private static AppliedBatch apply(BlockApplier applier, Block... blocks) throws Exception {
        return applier.apply(java.util.Arrays.stream(blocks).map(parser::parse).toList(), null);
    }

    private static long enqueue(String tenant, String key) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            return Outbox.enqueue(connection, NewCommand.of(tenant, CommandType.TRANSFER,
                    "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800}", key)).id();
        }
    }

    @Nested
    class Apply {
        @Test
        void validTransactionsChangeWalletsAndInvalidOnesChangeNothing() throws Exception {
            BlockApplier applier = applier("t-apply");
            apply(applier, blocks.configBlock());
            apply(applier, blocks.block(1, List.of(genesis("g1"))));
            apply(applier, blocks.block(2, List.of(
                    transfer("t1", "t-apply:k1", 200, 800, TxValidationCode.VALID),
                    transfer("t2", "t-apply:k2", 0, 1000, TxValidationCode.MVCC_READ_CONFLICT))));

            WalletQuery wallets = new WalletQuery(db.dataSource());
            assertThat(wallets.all("t-apply")).extracting(WalletView::walletId, WalletView::balance, WalletView::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 200L, 2L), org.assertj.core.groups.Tuple.tuple("b", 800L, 2L));
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = 't-apply'")).isEqualTo(2);
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-apply'")).isEqualTo(3);
            assertThat(db.count("SELECT invalid_tx_count FROM projector_checkpoint WHERE tenant_id = 't-apply'")).isEqualTo(1);
            assertThat(wallets.projectedSupply("t-apply", "mychannel")).contains(1000L);
        }

        @Test
        void aBlockIsNeverAppliedTwice() throws Exception {
            BlockApplier applier = applier("t-twice");
            List<ParsedBlock> zero = List.of(parser.parse(blocks.configBlock()));
            applier.apply(zero, null);

            assertThatThrownBy(() -> applier.apply(zero, null)).isInstanceOf(LostLeadershipException.class);
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-twice'")).isEqualTo(1);
        }

        @Test
        void confirmsCommandsByTransactionIdOrByIdempotencyKeyForReplays() throws Exception {
            long byKey = enqueue("t-confirm", "k-replayed");
            long byTx = enqueue("t-confirm", "k-direct");
            db.execute("UPDATE outbox_command SET fabric_tx_id = 'tx-direct' WHERE id = " + byTx);
            BlockApplier applier = applier("t-confirm");
            apply(applier, blocks.configBlock());
            apply(applier, blocks.block(1, List.of(
                    genesis("g1"),
                    new SyntheticBlocks.Tx("tx-replay", TxValidationCode.VALID, "OperationReplayed",
                            SyntheticBlocks.event("OperationReplayed", "tx-replay").key("t-confirm:k-replayed").txType("TRANSFER")
                                    .move("a", "b", 800).original("tx-first").json()),
                    new SyntheticBlocks.Tx("tx-direct", TxValidationCode.VALID, null, null))));

            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id IN (?, ?) AND status = 'CONFIRMED' AND block_number = 1",
                    byKey, byTx)).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE on_chain_tx_id = 'tx-replay' AND NOT applied "
                    + "AND original_tx_id = 'tx-first'")).isEqualTo(1);
        }

        /*
         * Two deployments (or a backend that reused a key) can put the same tenant:key on the ledger
         * with different requests. A command found only by its key is confirmed only if the
         * transaction carries its own request; one found by its own transaction id always is.
         */
        @Test
        void aCommandFoundOnlyByItsKeyIsConfirmedOnlyIfTheTransactionCarriesItsRequest() throws Exception {
            enqueue("t-match", "k-pending");
            long failed = enqueue("t-match", "k-failed");
            db.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'IDEMPOTENCY_KEY_REUSED' WHERE id = " + failed);
            enqueue("t-match", "k-replayed");
            enqueue("t-match", "k-same");
            long gaveUp = enqueue("t-match", "k-gave-up");
            db.execute("UPDATE outbox_command SET status = 'FAILED', error_code = 'RETRIES_EXHAUSTED', fabric_tx_id = 'tx-own' WHERE id = "
                    + gaveUp);
            BlockApplier applier = applier("t-match");
            apply(applier, blocks.configBlock());
            AppliedBatch applied = apply(applier, blocks.block(1, List.of(genesis("g1"),
                    transfer("tx-other-amount", "t-match:k-pending", 500, 500, TxValidationCode.VALID),
                    new SyntheticBlocks.Tx("tx-other-wallet", TxValidationCode.VALID, "InternalTransferEvent",
                            SyntheticBlocks.event("InternalTransferEvent", "tx-other-wallet").key("t-match:k-failed").txType("TRANSFER")
                                    .move("b", "a", 800).wallet("a", OWNER, 1000, "ACTIVE").wallet("b", OWNER, 0, "ACTIVE").json()),
                    new SyntheticBlocks.Tx("tx-replay-other", TxValidationCode.VALID, "OperationReplayed",
                            SyntheticBlocks.event("OperationReplayed", "tx-replay-other").key("t-match:k-replayed").txType("PAYOUT")
                                    .move("a", "b", 800).original("tx-elsewhere").json()),
                    transfer("tx-same", "t-match:k-same", 200, 800, TxValidationCode.VALID),
                    transfer("tx-own", "t-match:k-gave-up", 700, 300, TxValidationCode.VALID))));

            assertThat(applied.confirmedCommands()).isEqualTo(2);
            assertThat(db.text("SELECT string_agg(idempotency_key || '=' || status || coalesce('/' || error_code, '') || '/' || attempts "
                    + "|| coalesce('/' || block_number, ''), ' ' ORDER BY id) FROM outbox_command WHERE tenant_id = 't-match'"))
                    .isEqualTo("k-pending=PENDING/0 k-failed=FAILED/IDEMPOTENCY_KEY_REUSED/0 k-replayed=PENDING/0 "
                            + "k-same=CONFIRMED/0/1 k-gave-up=CONFIRMED/0/1");
        }

        @Test
        void freezeUpdatesWalletAndOwnerProfileTogether() throws Exception {
            BlockApplier applier = applier("t-freeze");
            apply(applier, blocks.configBlock());
            apply(applier, blocks.block(1, List.of(genesis("g1"),
                    new SyntheticBlocks.Tx("f1", TxValidationCode.VALID, "WalletFrozen",
                            SyntheticBlocks.event("WalletFrozen", "f1").txType("FREEZE").wallet("a", OWNER, 1000, "FROZEN")
                                    .reason("court order").json()))));

            WalletView a = new WalletQuery(db.dataSource()).byId("t-freeze", "a").orElseThrow();
            assertThat(a.status()).isEqualTo("FROZEN");
            assertThat(a.freezeReason()).isEqualTo("court order");
            assertThat(db.count("SELECT frozen_wallet_count FROM owner_profile WHERE tenant_id = 't-freeze' AND owner_id = ?", OWNER))
                    .isEqualTo(1);
            assertThat(db.count("SELECT wallet_count FROM owner_profile WHERE tenant_id = 't-freeze' AND owner_id = ?", OWNER)).isEqualTo(2);
        }

        @Test
        void aFailingBlockLeavesReadModelAndCheckpointUntouched() throws Exception {
            BlockApplier applier = applier("t-atomic");
            apply(applier, blocks.configBlock());
            // A negative balance violates the read model's CHECK: the whole block must roll back.
            SyntheticBlocks.Tx broken = new SyntheticBlocks.Tx("bad", TxValidationCode.VALID, "InternalTransferEvent",
                    SyntheticBlocks.event("InternalTransferEvent", "bad").txType("TRANSFER").move("a", "b", 5)
                            .wallet("a", OWNER, -5, "ACTIVE").wallet("b", OWNER, 5, "ACTIVE").supply(0).json());

            assertThatThrownBy(() -> apply(applier, blocks.block(1, List.of(broken))))
                    .isInstanceOf(java.sql.SQLException.class);
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = 't-atomic'")).isZero();
            assertThat(db.count("SELECT count(*) FROM wallet WHERE tenant_id = 't-atomic'")).isZero();
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-atomic'")).isEqualTo(1);
        }
    }

    @Nested
    class Batches {
        private static final String CAROL = "x509::CN=carol::CN=ca";

        /** Genesis, a transfer, a new wallet minted to, a freeze, then a transfer into the new wallet: every kind of write. */
        private List<Block> chain() {
            return List.of(
                    blocks.configBlock(),
                    blocks.block(1, List.of(genesis("g1"))),
                    blocks.block(2, List.of(transfer("t1", "k1", 700, 300, TxValidationCode.VALID),
                            transfer("t2", "k2", 0, 1000, TxValidationCode.MVCC_READ_CONFLICT))),
                    blocks.block(3, List.of(
                            new SyntheticBlocks.Tx("c1", TxValidationCode.VALID, "WalletCreated",
                                    SyntheticBlocks.event("WalletCreated", "c1").txType("CREATE_WALLET").wallet("c", CAROL, 0, "ACTIVE").json()),
                            new SyntheticBlocks.Tx("m1", TxValidationCode.VALID, "TokensMinted",
                                    SyntheticBlocks.event("TokensMinted", "m1").key("km").txType("MINT").move(null, "c", 500)
                                            .wallet("c", CAROL, 500, "ACTIVE").supply(1500).json()))),
                    blocks.block(4, List.of(
                            new SyntheticBlocks.Tx("f1", TxValidationCode.VALID, "WalletFrozen",
                                    SyntheticBlocks.event("WalletFrozen", "f1").txType("FREEZE").wallet("b", OWNER, 300, "FROZEN")
                                            .reason("audit").json()),
                            new SyntheticBlocks.Tx("t3", TxValidationCode.VALID, "InternalTransferEvent",
                                    SyntheticBlocks.event("InternalTransferEvent", "t3").key("k3").txType("TRANSFER").move("a", "c", 100)
                                            .wallet("a", OWNER, 600, "ACTIVE").wallet("c", CAROL, 600, "ACTIVE").json()))));
        }

        /** Wallets, owner profiles, transaction rows and checkpoint of {@code tenant} as text (concat_ws leaves out NULLs). */
        private String readModel(String tenant) throws Exception {
            return db.text("""
                    SELECT concat_ws(' / ',
                        (SELECT string_agg(concat_ws(',', wallet_id, owner_id, balance, status, freeze_reason, version, last_tx_id, last_block),
                                           ';' ORDER BY wallet_id) FROM wallet WHERE tenant_id = ?),
                        (SELECT string_agg(concat_ws(',', owner_id, wallet_count, frozen_wallet_count, total_balance), ';' ORDER BY owner_id)
                         FROM owner_profile WHERE tenant_id = ?),
                        (SELECT string_agg(concat_ws(',', on_chain_tx_id, block_number, tx_index, event_type, applied), ';'
                                           ORDER BY on_chain_tx_id) FROM wallet_transaction WHERE tenant_id = ?),
                        (SELECT concat_ws(',', next_block, total_supply, valid_tx_count, invalid_tx_count)
                         FROM projector_checkpoint WHERE tenant_id = ?))""", tenant, tenant, tenant, tenant);
        }

        @Test
        void oneTransactionForSeveralBlocksLeavesTheSameReadModelAsOneTransactionPerBlock() throws Exception {
            BlockApplier perBlock = applier("t-per-block");
            for (Block block : chain()) {
                apply(perBlock, block);
            }
            BlockApplier batched = applier("t-batched");
            AppliedBatch applied = apply(batched, chain().toArray(Block[]::new));

            assertThat(readModel("t-batched")).isEqualTo(readModel("t-per-block"))
                    .contains("a,x509::CN=alice::CN=ca,600,ACTIVE,3,t3,4", "b,x509::CN=alice::CN=ca,300,FROZEN,audit,3,f1,4",
                            "c,x509::CN=carol::CN=ca,600,ACTIVE,3,t3,4", "x509::CN=alice::CN=ca,2,1,900", "x509::CN=carol::CN=ca,1,0,600")
                    .endsWith("5,1500,6,1");
            assertThat(applied).isEqualTo(new AppliedBatch(0, 4, 6, 5, 0, 0));
        }

        @Test
        void aCommandIsConfirmedOnceAtTheFirstBlockThatCommittedItWhetherFoundByTransactionIdOrByKey() throws Exception {
            // "direct": its stored transaction commits, and a later repeat with its key is replayed.
            long direct = enqueue("t-replayed", "k-direct");
            db.execute("UPDATE outbox_command SET fabric_tx_id = 'tx-direct' WHERE id = " + direct);
            // "retried": a first endorsement committed unnoticed; the stored one is the re-endorsement, replayed later.
            long retried = enqueue("t-replayed", "k-retried");
            db.execute("UPDATE outbox_command SET fabric_tx_id = 'tx-retry' WHERE id = " + retried);
            BlockApplier applier = applier("t-replayed");
            AppliedBatch applied = apply(applier, blocks.configBlock(), blocks.block(1, List.of(genesis("g1"),
                            transfer("tx-direct", "t-replayed:k-direct", 900, 100, TxValidationCode.VALID),
                            transfer("tx-first", "t-replayed:k-retried", 200, 800, TxValidationCode.VALID))),
                    blocks.block(2, List.of(replay("tx-again", "t-replayed:k-direct", "tx-direct", 100),
                            replay("tx-retry", "t-replayed:k-retried", "tx-first", 800))));

            assertThat(applied.confirmedCommands()).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id IN (?, ?) AND status = 'CONFIRMED' AND block_number = 1",
                    direct, retried)).isEqualTo(2);
        }

        /** A replay carries the original's content (here a transfer a -> b of {@code amount}). */
        private SyntheticBlocks.Tx replay(String txId, String key, String originalTxId, long amount) {
            return new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "OperationReplayed",
                    SyntheticBlocks.event("OperationReplayed", txId).key(key).txType("TRANSFER").move("a", "b", amount)
                            .original(originalTxId).json());
        }

        @Test
        void aBatchMustStartAtTheCheckpointAndHoldConsecutiveBlocks() throws Exception {
            BlockApplier applier = applier("t-gaps");
            List<Block> chain = chain();
            apply(applier, chain.get(0));

            assertThatThrownBy(() -> apply(applier, chain.get(2), chain.get(3))).isInstanceOf(LostLeadershipException.class);
            assertThatThrownBy(() -> apply(applier, chain.get(1), chain.get(3))).isInstanceOf(IllegalArgumentException.class);
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-gaps'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM wallet WHERE tenant_id = 't-gaps'")).isZero();
        }
    }

    @Nested
    class ChainIdentity {
        private final SyntheticBlocks ours = new SyntheticBlocks("mychannel", "tokenomics");
        // A re-created channel: another genesis block, hence other hashes all along the chain.
        private final SyntheticBlocks recreated = new SyntheticBlocks("mychannel-recreated", "tokenomics");

        private Checkpoint checkpoint(String tenant) throws Exception {
            return new Checkpoints(db.dataSource()).checkpoint(tenant, "mychannel").orElseThrow();
        }

        @Test
        void theCheckpointRecordsTheChainAndRefusesABlockThatDoesNotContinueIt() throws Exception {
            BlockApplier applier = applier("t-chain");
            Block zero = ours.configBlock();
            Block one = ours.block(1, List.of(genesis("g1")));
            apply(applier, zero, one);
            recreated.configBlock();
            recreated.block(1, List.of(genesis("g1")));
            Block foreignTwo = recreated.block(2, List.of(transfer("t1", "t-chain:k1", 900, 100, TxValidationCode.VALID)));

            assertThatThrownBy(() -> apply(applier, foreignTwo)).isInstanceOf(LedgerMismatchException.class)
                    .hasMessageContaining("block 2").hasMessageContaining("--db-schema").hasMessageContaining("projector --rebuild");
            assertThat(checkpoint("t-chain")).isEqualTo(new Checkpoint(2, BlockHash.of(zero.getHeader()), BlockHash.of(one.getHeader())));
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = 't-chain'")).isEqualTo(1);

            Block two = ours.block(2, List.of(transfer("t1", "t-chain:k1", 900, 100, TxValidationCode.VALID)));
            apply(applier, two);
            assertThat(checkpoint("t-chain").lastBlockHash()).isEqualTo(BlockHash.of(two.getHeader()));
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = 't-chain'")).isEqualTo(2);
        }

        @Test
        void anotherGenesisBlockIsRefusedOnceTheCheckpointKnowsItsOwn() throws Exception {
            BlockApplier applier = applier("t-genesis");
            ByteString genesis = BlockHash.of(ours.configBlock().getHeader());
            new Checkpoints(db.dataSource()).adoptGenesis("t-genesis", "mychannel", genesis);

            assertThatThrownBy(() -> apply(applier, recreated.configBlock())).isInstanceOf(LedgerMismatchException.class)
                    .hasMessageContaining("genesis");
            assertThat(checkpoint("t-genesis")).isEqualTo(new Checkpoint(0, genesis, null));
        }

        @Test
        void aCheckpointWrittenBeforeChainIdentityAdoptsTheChainOfTheNextBlockItApplies() throws Exception {
            BlockApplier applier = applier("t-legacy");
            db.execute("UPDATE projector_checkpoint SET next_block = 2 WHERE tenant_id = 't-legacy'"); // no hashes, as before V10
            ours.configBlock();
            ours.block(1, List.of(genesis("g1")));
            Block two = ours.block(2, List.of());

            apply(applier, two);

            assertThat(checkpoint("t-legacy")).isEqualTo(new Checkpoint(3, null, BlockHash.of(two.getHeader())));
        }

        @Test
        void blocksAppliedTogetherMustFormOneChain() throws Exception {
            BlockApplier applier = applier("t-spliced");
            Block zero = ours.configBlock();
            recreated.configBlock();
            Block foreignOne = recreated.block(1, List.of(genesis("g1")));

            assertThatThrownBy(() -> apply(applier, zero, foreignOne)).isInstanceOf(MalformedBlockException.class);
            assertThat(checkpoint("t-spliced")).isEqualTo(new Checkpoint(0, null, null));
        }
    }

    @Nested
    class Parse {
        @Test
        void malformedEventPayloadStopsTheProjectorInsteadOfGuessing() {
            var block = blocks.block(1, List.of(new SyntheticBlocks.Tx("m1", TxValidationCode.VALID, "TransferCompleted", "{not json")));
            assertThatThrownBy(() -> parser.parse(block)).isInstanceOf(MalformedBlockException.class);
        }
    }
}
