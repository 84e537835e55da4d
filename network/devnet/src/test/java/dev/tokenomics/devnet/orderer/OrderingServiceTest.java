package dev.tokenomics.devnet.orderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.committer.BlockCommitter;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.BlockHashing;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderingServiceTest {

    @TempDir
    static Path dir;
    @TempDir
    static Path foreignDir;
    static DevnetCrypto crypto;
    static DevnetCrypto foreign;
    ChannelLedger ledger;
    BlockCommitter committer;
    OrderingService ordering;

    @BeforeAll
    static void crypto() {
        crypto = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com");
        foreign = DevnetCrypto.createOrLoad(foreignDir, "Org1MSP", "org1.example.com");
    }

    @AfterEach
    void stop() throws Exception {
        if (ordering != null) {
            ordering.close();
        }
        if (committer != null) {
            committer.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    void start(int maxMessageCount, Duration timeout) throws Exception {
        ledger = ChannelLedger.inMemory("mychannel");
        ordering = OrderingService.builder(ledger, crypto, startCommitter())
                .maxMessageCount(maxMessageCount).batchTimeout(timeout).maxEnvelopeBytes(64 * 1024).build();
        ordering.start();
    }

    /** The peer's committer on {@link #ledger}, which the orderer hands its blocks to. */
    BlockCommitter startCommitter() {
        committer = new BlockCommitter(ledger, crypto.msp(), new ChaincodeDefinitions().define("basic", "1.0"));
        committer.start();
        return committer;
    }

    static EndorsedTransaction tx() {
        return EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner());
    }

    @Nested
    class GenesisBlock {

        @Test
        void blockZeroIsAConfigBlockDefiningTheOrgMsp() throws Exception {
            start(10, Duration.ofMillis(20));
            Block genesis = ledger.block(0).orElseThrow();

            assertThat(genesis.getHeader().getNumber()).isZero();
            assertThat(genesis.getHeader().getPreviousHash()).isEmpty();
            assertThat(genesis.getData().getDataCount()).isEqualTo(1);
            Payload payload = Payload.parseFrom(Envelope.parseFrom(genesis.getData().getData(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            assertThat(header.getType()).isEqualTo(HeaderType.CONFIG_VALUE);
            assertThat(header.getChannelId()).isEqualTo("mychannel");
            ConfigEnvelope config = ConfigEnvelope.parseFrom(payload.getData());
            MSPConfig msp = MSPConfig.parseFrom(config.getConfig().getChannelGroup().getGroupsOrThrow("Application")
                    .getGroupsOrThrow("Org1MSP").getValuesOrThrow("MSP").getValue());
            FabricMSPConfig fabricMsp = FabricMSPConfig.parseFrom(msp.getConfig());
            assertThat(fabricMsp.getName()).isEqualTo("Org1MSP");
            assertThat(fabricMsp.getRootCerts(0).toByteArray()).isEqualTo(crypto.caCertificatePem());
            assertThat(genesis.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray())
                    .containsExactly(TxValidationCode.VALID_VALUE);
        }

        @Test
        void restartOnAnExistingLedgerKeepsItsGenesisAndContinuesTheChain(@TempDir Path data) throws Exception {
            ledger = ChannelLedger.open(data, "mychannel");
            ordering = OrderingService.builder(ledger, crypto, startCommitter()).batchTimeout(Duration.ofMillis(10)).build();
            ordering.start();
            ordering.broadcast(tx().write("a", "1").envelope());
            await().until(() -> ledger.height() == 2);
            ordering.close();
            committer.close();
            ledger.close();
            byte[] genesisHash = BlockHashing.headerHash(ChannelLedger.open(data, "mychannel").block(0).orElseThrow().getHeader());

            ledger = ChannelLedger.open(data, "mychannel");
            ordering = OrderingService.builder(ledger, crypto, startCommitter()).batchTimeout(Duration.ofMillis(10)).build();
            ordering.start();
            ordering.broadcast(tx().write("a", "2").envelope());
            await().until(() -> ledger.height() == 3);

            assertThat(BlockHashing.headerHash(ledger.block(0).orElseThrow().getHeader())).isEqualTo(genesisHash);
            assertThat(ledger.block(2).orElseThrow().getHeader().getPreviousHash().toByteArray())
                    .isEqualTo(BlockHashing.headerHash(ledger.block(1).orElseThrow().getHeader()));
        }
    }

    @Nested
    class BlockCutting {

        @Test
        void fullBatchIsCutAtTheMaximumCountWithoutWaitingForTheTimeout() throws Exception {
            start(3, Duration.ofHours(1));
            for (int i = 0; i < 3; i++) {
                ordering.broadcast(tx().write("k" + i, "v").envelope());
            }

            await().until(() -> ledger.height() == 2);
            assertThat(ledger.block(1).orElseThrow().getData().getDataCount()).isEqualTo(3);
        }

        @Test
        void envelopeLargerThanAPreferredBlockIsCutAloneAtOnceAfterThePendingBatch() throws Exception {
            ledger = ChannelLedger.inMemory("mychannel");
            ordering = OrderingService.builder(ledger, crypto, startCommitter())
                    .batchTimeout(Duration.ofHours(1)).preferredMaxBytes(8 * 1024).build();
            ordering.start();
            ordering.broadcast(tx().write("small", "1").envelope());
            ordering.broadcast(tx().write("large", "x".repeat(16 * 1024)).envelope());

            await().until(() -> ledger.height() == 3);
            assertThat(ledger.block(1).orElseThrow().getData().getDataCount()).isEqualTo(1);
            assertThat(ledger.block(2).orElseThrow().getData().getDataCount()).isEqualTo(1);
            assertThat(ledger.block(2).orElseThrow().getData().getData(0).size()).isGreaterThan(16 * 1024);
        }

        @Test
        void partialBatchIsCutWhenTheTimeoutExpires() throws Exception {
            start(500, Duration.ofMillis(30));
            ordering.broadcast(tx().write("a", "1").envelope());
            ordering.broadcast(tx().write("b", "1").envelope());

            await().until(() -> ledger.height() == 2);
            assertThat(ledger.block(1).orElseThrow().getData().getDataCount()).isEqualTo(2);
        }

        @Test
        void blocksChainByHeaderHashAndCarryFiveMetadataSlots() throws Exception {
            start(2, Duration.ofMillis(20));
            List<Envelope> sent = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                Envelope e = tx().write("k" + i, "v").envelope();
                sent.add(e);
                ordering.broadcast(e);
            }
            await().until(() -> ledger.transaction(EndorsedTransaction.txIdOf(sent.get(6))).isPresent());

            int envelopes = 0;
            for (long n = 1; n < ledger.height(); n++) {
                Block block = ledger.block(n).orElseThrow();
                Block previous = ledger.block(n - 1).orElseThrow();
                assertThat(block.getHeader().getNumber()).isEqualTo(n);
                assertThat(block.getHeader().getPreviousHash().toByteArray()).isEqualTo(BlockHashing.headerHash(previous.getHeader()));
                assertThat(block.getHeader().getDataHash().toByteArray()).isEqualTo(BlockHashing.dataHash(block.getData().getDataList()));
                assertThat(block.getMetadata().getMetadataCount()).isEqualTo(5);
                assertThat(block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).size())
                        .isEqualTo(block.getData().getDataCount());
                envelopes += block.getData().getDataCount();
            }
            assertThat(envelopes).isEqualTo(7);
            assertThat(ledger.block(1).orElseThrow().getData().getData(0)).isEqualTo(sent.get(0).toByteString());
        }

        @Test
        @SuppressWarnings("deprecation") // LAST_CONFIG and ORDERER: the deprecated slots Fabric's blocks still have
        void signaturesMetadataIsSignedByThePeerOverValueHeaderAndBlockHeader() throws Exception {
            start(1, Duration.ofMillis(20));
            ordering.broadcast(tx().write("a", "1").envelope());
            await().until(() -> ledger.height() == 2);
            Block block = ledger.block(1).orElseThrow();

            Metadata signatures = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            OrdererBlockMetadata value = OrdererBlockMetadata.parseFrom(signatures.getValue());
            assertThat(value.getLastConfig().getIndex()).isZero();
            SignatureHeader header = SignatureHeader.parseFrom(signatures.getSignatures(0).getSignatureHeader());
            assertThat(header.getCreator().toByteArray()).isEqualTo(crypto.peerSigner().serializedIdentity());
            byte[] signed = signatures.getValue().concat(signatures.getSignatures(0).getSignatureHeader())
                    .concat(ByteString.copyFrom(BlockHashing.headerBytes(block.getHeader()))).toByteArray();
            crypto.msp().verify(header.getCreator().toByteArray(), signed, signatures.getSignatures(0).getSignature().toByteArray());
            LastConfig lastConfig = LastConfig.parseFrom(
                    Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.LAST_CONFIG_VALUE)).getValue());
            assertThat(lastConfig.getIndex()).isZero();
            assertThat(block.getMetadata().getMetadata(BlockMetadataIndex.ORDERER_VALUE)).isEmpty();
        }

        @Test
        void invalidTransactionsStayInTheirBlockMarkedAndChangeNothing() throws Exception {
            start(2, Duration.ofHours(1));
            Envelope tampered = tx().write("x", "forged").tamperedAfterEndorsement().envelope();
            Envelope good = tx().write("y", "fine").envelope();
            ordering.broadcast(tampered);
            ordering.broadcast(good);

            await().until(() -> ledger.height() == 2);
            assertThat(ledger.block(1).orElseThrow().getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray())
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE_VALUE, TxValidationCode.VALID_VALUE);
            assertThat(ledger.transaction(EndorsedTransaction.txIdOf(tampered)).orElseThrow().code())
                    .isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
            try (StateSnapshot s = ledger.snapshot()) {
                assertThat(s.get("basic", "x")).isEmpty();
                assertThat(s.get("basic", "y")).isPresent();
            }
        }

        @Test
        void closingOrdererThenCommitterCommitsWhatWasAlreadyAccepted() throws Exception {
            start(500, Duration.ofHours(1));
            Envelope accepted = tx().write("a", "1").envelope();
            ordering.broadcast(accepted);
            ordering.close();
            committer.close();

            assertThat(ledger.transaction(EndorsedTransaction.txIdOf(accepted))).isPresent();
            assertThatThrownBy(() -> ordering.broadcast(tx().write("b", "1").envelope())).isInstanceOf(OrdererRejection.class)
                    .extracting(e -> ((OrdererRejection) e).status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
        }
    }

    @Nested
    class PeerFailure {

        @Test
        void aLedgerThatCannotTakeMoreBlocksStopsTheOrdererAccepting() throws Exception {
            start(1, Duration.ofMillis(20));
            ledger.close();
            ordering.broadcast(tx().write("a", "1").envelope());

            await().until(() -> !committer.accepting());
            assertThatThrownBy(() -> ordering.broadcast(tx().write("b", "1").envelope())).isInstanceOf(OrdererRejection.class)
                    .extracting(e -> ((OrdererRejection) e).status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
            assertThat(ledger.height()).isEqualTo(1);
        }
    }

    @Nested
    class Ingress {

        void assertRejected(Envelope envelope, Status status, String info) throws Exception {
            assertThatThrownBy(() -> ordering.broadcast(envelope)).isInstanceOf(OrdererRejection.class)
                    .hasMessageContaining(info).extracting(e -> ((OrdererRejection) e).status()).isEqualTo(status);
        }

        @Test
        void emptyPayloadIsABadRequest() throws Exception {
            start(1, Duration.ofMillis(20));
            assertRejected(Envelope.newBuilder().setSignature(ByteString.copyFromUtf8("s")).build(), Status.BAD_REQUEST, "Message was empty");
        }

        @Test
        void badSignatureIsForbidden() throws Exception {
            start(1, Duration.ofMillis(20));
            assertRejected(tx().write("a", "1").badClientSignature().envelope(), Status.FORBIDDEN, "The signature is invalid");
        }

        @Test
        void creatorOfAnotherCaIsForbidden() throws Exception {
            start(1, Duration.ofMillis(20));
            Envelope e = EndorsedTransaction.by(foreign.user("USER1").signer()).endorsedBy(crypto.peerSigner()).write("a", "1").envelope();
            assertRejected(e, Status.FORBIDDEN, "certificate signed by unknown authority");
        }

        @Test
        void oversizeEnvelopeIsRequestEntityTooLarge() throws Exception {
            start(1, Duration.ofMillis(20));
            assertRejected(tx().write("big", "x".repeat(70 * 1024)).envelope(), Status.REQUEST_ENTITY_TOO_LARGE, "exceeds maximum allowed");
        }

        @Test
        void otherChannelIsABadRequestAsWithoutASystemChannel() throws Exception {
            start(1, Duration.ofMillis(20));
            assertRejected(tx().channel("nochannel").write("a", "1").envelope(), Status.BAD_REQUEST,
                    "channel creation request not allowed because the orderer system channel is not defined");
        }

        @Test
        void rejectedEnvelopesNeverReachABlock() throws Exception {
            start(1, Duration.ofMillis(20));
            Envelope bad = tx().write("a", "1").badClientSignature().envelope();
            assertThatThrownBy(() -> ordering.broadcast(bad)).isInstanceOf(OrdererRejection.class);
            Envelope good = tx().write("b", "1").envelope();
            ordering.broadcast(good);

            await().until(() -> ledger.transaction(EndorsedTransaction.txIdOf(good)).isPresent());
            assertThat(ledger.transaction(EndorsedTransaction.txIdOf(bad))).isEmpty();
            assertThat(ledger.height()).isEqualTo(2);
        }
    }
}
