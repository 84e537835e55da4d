package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.ledger.TransactionStatus;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J15–J19 and J22: chaincode events, checkpointed replay, full/filtered/private-data block events, duplicate tx ids. */
class EventsTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();
    static Contract contract;
    static Network network;

    @BeforeAll
    static void connect() {
        var gateway = devnet.gateway("USER1");
        network = gateway.network();
        contract = gateway.contract(BasicNetwork.CHAINCODE);
    }

    private static long height() {
        return devnet.devnet().ledger().height();
    }

    private static TransactionStatus committed(String txId) {
        return devnet.devnet().ledger().transaction(txId).orElseThrow();
    }

    @Nested
    class ChaincodeEvents {
        @Test
        void carryNamePayloadTxIdChaincodeAndBlock() throws Exception {
            long from = height();
            try (CloseableIterator<ChaincodeEvent> events = network.newChaincodeEventsRequest(BasicNetwork.CHAINCODE)
                    .startBlock(from).build().getEvents()) {
                Transaction tx = contract.newProposal("event").addArguments("foo", "bar").build().endorse();
                tx.submit();

                ChaincodeEvent event = events.next();

                assertThat(event.getEventName()).isEqualTo("foo");
                assertThat(new String(event.getPayload(), UTF_8)).isEqualTo("bar");
                assertThat(event.getTransactionId()).isEqualTo(tx.getTransactionId());
                assertThat(event.getChaincodeName()).isEqualTo(BasicNetwork.CHAINCODE);
                assertThat(event.getBlockNumber()).isEqualTo(committed(tx.getTransactionId()).blockNumber());
            }
        }

        @Test
        void replayFromACheckpointResumesAfterTheLastProcessedEventAndSkipsInvalidTransactions() throws Exception {
            long from = height();
            List<String> txIds = new ArrayList<>();
            for (String name : List.of("e1", "e2")) {
                Transaction tx = contract.newProposal("event").addArguments(name, name).build().endorse();
                tx.submit();
                txIds.add(tx.getTransactionId());
            }
            Transaction winner = contract.newProposal("incrementWithEvent").addArguments("ev-ctr").build().endorse();
            Transaction loser = contract.newProposal("incrementWithEvent").addArguments("ev-ctr").build().endorse();
            winner.submit();
            catchThrowableOfType(CommitException.class, loser::submit);
            txIds.add(winner.getTransactionId());

            InMemoryCheckpointer checkpointer = new InMemoryCheckpointer();
            try (CloseableIterator<ChaincodeEvent> events = network.newChaincodeEventsRequest(BasicNetwork.CHAINCODE)
                    .startBlock(from).build().getEvents()) {
                checkpointer.checkpointChaincodeEvent(events.next());
            }
            List<String> resumed = new ArrayList<>();
            try (CloseableIterator<ChaincodeEvent> events = network.newChaincodeEventsRequest(BasicNetwork.CHAINCODE)
                    .checkpoint(checkpointer).build().getEvents()) {
                resumed.add(events.next().getTransactionId());
                resumed.add(events.next().getTransactionId());
            }

            assertThat(checkpointer.getTransactionId()).contains(txIds.get(0));
            assertThat(resumed).containsExactly(txIds.get(1), txIds.get(2));
        }
    }

    @Nested
    class BlockEvents {
        @Test
        void fromBlockZeroChainByHashAndCarryOneFilterCodePerTransaction() throws Exception {
            contract.submitTransaction("put", "block-events", "1");
            long last = height() - 1;
            List<Block> blocks = new ArrayList<>();
            try (CloseableIterator<Block> events = network.newBlockEventsRequest().startBlock(0).build().getEvents()) {
                while (blocks.size() <= last) {
                    blocks.add(events.next());
                }
            }

            assertThat(type(blocks.get(0).getData().getData(0))).isEqualTo(HeaderType.CONFIG_VALUE);
            for (int n = 0; n < blocks.size(); n++) {
                Block block = blocks.get(n);
                assertThat(block.getHeader().getNumber()).isEqualTo(n);
                assertThat(block.getHeader().getDataHash().toByteArray()).isEqualTo(BlockHashes.dataHash(block));
                assertThat(block.getMetadata().getMetadataCount()).isEqualTo(5);
                assertThat(block.getMetadata().getMetadata(2).size()).isEqualTo(block.getData().getDataCount());
                if (n > 0) {
                    assertThat(block.getHeader().getPreviousHash().toByteArray()).isEqualTo(BlockHashes.headerHash(blocks.get(n - 1).getHeader()));
                }
                for (int i = 0; i < block.getData().getDataCount(); i++) {
                    String txId = txId(block.getData().getData(i));
                    if (!txId.isEmpty()) {
                        TransactionStatus status = committed(txId);
                        if (status.blockNumber() == n && status.txIndex() == i) {
                            assertThat(TxValidationCode.forNumber(block.getMetadata().getMetadata(2).byteAt(i))).isEqualTo(status.code());
                        }
                    }
                }
            }
        }

        @Test
        void filteredBlocksNameTheEventButStripItsPayload() throws Exception {
            long from = height();
            Transaction tx = contract.newProposal("event").addArguments("filtered", "hidden-payload").build().endorse();
            tx.submit();
            long block = committed(tx.getTransactionId()).blockNumber();

            FilteredTransaction filtered = null;
            try (CloseableIterator<FilteredBlock> events = network.newFilteredBlockEventsRequest().startBlock(from).build().getEvents()) {
                while (filtered == null) {
                    FilteredBlock fb = events.next();
                    assertThat(fb.getChannelId()).isEqualTo("mychannel");
                    filtered = fb.getFilteredTransactionsList().stream()
                            .filter(t -> t.getTxid().equals(tx.getTransactionId())).findFirst().orElse(null);
                    if (filtered != null) {
                        assertThat(fb.getNumber()).isEqualTo(block);
                    }
                }
            }

            assertThat(filtered.getType()).isEqualTo(HeaderType.ENDORSER_TRANSACTION);
            assertThat(filtered.getTxValidationCode()).isEqualTo(TxValidationCode.VALID);
            var event = filtered.getTransactionActions().getChaincodeActions(0).getChaincodeEvent();
            assertThat(event.getEventName()).isEqualTo("filtered");
            assertThat(event.getPayload()).isEmpty();
        }

        @Test
        void blockAndPrivateDataEventsCarryAnEmptyPrivateDataMap() throws Exception {
            contract.submitTransaction("put", "pvt-events", "1");
            long last = height() - 1;
            try (CloseableIterator<BlockAndPrivateData> events = network.newBlockAndPrivateDataEventsRequest().startBlock(last).build().getEvents()) {
                BlockAndPrivateData next = events.next();

                assertThat(next.getBlock().getHeader().getNumber()).isEqualTo(last);
                assertThat(next.getPrivateDataMapMap()).isEmpty();
            }
        }
    }

    @Nested
    class DuplicateTransaction {
        @Test
        void secondSubmissionOfTheSameSignedBytesIsMarkedDuplicateAndStatusReportsTheFirst() throws Exception {
            var identity = devnet.devnet().identity("USER1");
            Signer signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(java.nio.file.Files.readString(identity.keyPem())));
            Transaction tx = contract.newProposal("put").addArguments("dup", "1").build().endorse();
            byte[] signature = signer.sign(tx.getDigest());
            var gateway = devnet.gateway("USER1").gateway();

            var first = gateway.newSignedTransaction(tx.getBytes(), signature).submitAsync();
            var second = gateway.newSignedTransaction(tx.getBytes(), signature).submitAsync();

            assertThat(first.getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
            assertThat(second.getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
            List<TxValidationCode> occurrences = new ArrayList<>();
            org.awaitility.Awaitility.await().until(() -> {
                occurrences.clear();
                for (long n = 1; n < height(); n++) {
                    Block block = devnet.devnet().ledger().block(n).orElseThrow();
                    for (int i = 0; i < block.getData().getDataCount(); i++) {
                        if (txId(block.getData().getData(i)).equals(tx.getTransactionId())) {
                            occurrences.add(TxValidationCode.forNumber(block.getMetadata().getMetadata(2).byteAt(i)));
                        }
                    }
                }
                return occurrences.size() == 2;
            });
            assertThat(occurrences).containsExactly(TxValidationCode.VALID, TxValidationCode.DUPLICATE_TXID);
        }
    }

    private static int type(com.google.protobuf.ByteString envelope) throws Exception {
        return ChannelHeader.parseFrom(Payload.parseFrom(Envelope.parseFrom(envelope).getPayload()).getHeader().getChannelHeader()).getType();
    }

    private static String txId(com.google.protobuf.ByteString envelope) throws Exception {
        return ChannelHeader.parseFrom(Payload.parseFrom(Envelope.parseFrom(envelope).getPayload()).getHeader().getChannelHeader()).getTxId();
    }

}
