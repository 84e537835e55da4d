package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.client.bench.SyntheticBlocks;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.readmodel.WalletView;
import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.util.List;
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
                        .wallet("a", OWNER, aAfter, "ACTIVE").wallet("b", OWNER, bAfter, "ACTIVE").supply(1000).json());
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
            applier.apply(parser.parse(blocks.configBlock()), null);
            applier.apply(parser.parse(blocks.block(1, List.of(genesis("g1")))), null);
            applier.apply(parser.parse(blocks.block(2, List.of(
                    transfer("t1", "t-apply:k1", 200, 800, TxValidationCode.VALID),
                    transfer("t2", "t-apply:k2", 0, 1000, TxValidationCode.MVCC_READ_CONFLICT)))), null);

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
            ParsedBlock zero = parser.parse(blocks.configBlock());
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
            applier.apply(parser.parse(blocks.configBlock()), null);
            applier.apply(parser.parse(blocks.block(1, List.of(
                    genesis("g1"),
                    new SyntheticBlocks.Tx("tx-replay", TxValidationCode.VALID, "OperationReplayed",
                            SyntheticBlocks.event("OperationReplayed", "tx-replay").key("t-confirm:k-replayed").txType("TRANSFER")
                                    .original("tx-first").json()),
                    new SyntheticBlocks.Tx("tx-direct", TxValidationCode.VALID, null, null)))), null);

            assertThat(db.count("SELECT count(*) FROM outbox_command WHERE id IN (?, ?) AND status = 'CONFIRMED' AND block_number = 1",
                    byKey, byTx)).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE on_chain_tx_id = 'tx-replay' AND NOT applied "
                    + "AND original_tx_id = 'tx-first'")).isEqualTo(1);
        }

        @Test
        void freezeUpdatesWalletAndOwnerProfileTogether() throws Exception {
            BlockApplier applier = applier("t-freeze");
            applier.apply(parser.parse(blocks.configBlock()), null);
            applier.apply(parser.parse(blocks.block(1, List.of(genesis("g1"),
                    new SyntheticBlocks.Tx("f1", TxValidationCode.VALID, "WalletFrozen",
                            SyntheticBlocks.event("WalletFrozen", "f1").txType("FREEZE").wallet("a", OWNER, 1000, "FROZEN")
                                    .supply(1000).reason("court order").json())))), null);

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
            applier.apply(parser.parse(blocks.configBlock()), null);
            // A negative balance violates the read model's CHECK: the whole block must roll back.
            SyntheticBlocks.Tx broken = new SyntheticBlocks.Tx("bad", TxValidationCode.VALID, "InternalTransferEvent",
                    SyntheticBlocks.event("InternalTransferEvent", "bad").txType("TRANSFER").move("a", "b", 5)
                            .wallet("a", OWNER, -5, "ACTIVE").wallet("b", OWNER, 5, "ACTIVE").supply(0).json());

            assertThatThrownBy(() -> applier.apply(parser.parse(blocks.block(1, List.of(broken))), null))
                    .isInstanceOf(java.sql.SQLException.class);
            assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = 't-atomic'")).isZero();
            assertThat(db.count("SELECT count(*) FROM wallet WHERE tenant_id = 't-atomic'")).isZero();
            assertThat(db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = 't-atomic'")).isEqualTo(1);
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
