package dev.tokenomics.devnet.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.tokenomics.devnet.committer.BlockCommitter;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.orderer.OrderingService;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekNewest;
import org.hyperledger.fabric.protos.orderer.SeekNextCommit;
import org.hyperledger.fabric.protos.orderer.SeekOldest;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.orderer.SeekSpecified;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Deliver service over a real loopback gRPC server, driven through the generated stubs. */
class DeliverServiceTest {

    static final SeekPosition OLDEST = SeekPosition.newBuilder().setOldest(SeekOldest.getDefaultInstance()).build();
    static final SeekPosition NEWEST = SeekPosition.newBuilder().setNewest(SeekNewest.getDefaultInstance()).build();
    static final SeekPosition NEXT_COMMIT = SeekPosition.newBuilder().setNextCommit(SeekNextCommit.getDefaultInstance()).build();
    static final SeekPosition FOREVER = specified(Long.MAX_VALUE);

    @TempDir
    static Path dir;
    @TempDir
    static Path foreignDir;
    static DevnetCrypto crypto;
    static DevnetCrypto foreign;
    static ChannelLedger ledger;
    static BlockCommitter committer;
    static OrderingService ordering;
    static DeliverService deliver;
    static Server server;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        crypto = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com");
        foreign = DevnetCrypto.createOrLoad(foreignDir, "Org1MSP", "org1.example.com");
        ledger = ChannelLedger.inMemory("mychannel");
        committer = new BlockCommitter(ledger, crypto.msp(), new ChaincodeDefinitions().define("basic", "1.0"));
        committer.start();
        ordering = OrderingService.builder(ledger, crypto, committer)
                .maxMessageCount(10).batchTimeout(Duration.ofMillis(10)).build();
        ordering.start();
        deliver = new DeliverService(ledger, crypto.msp());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(deliver).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        commit(tx().write("a", "1").event("Created", "secret payload").envelope());
        commit(tx().write("b", "1").envelope());
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        deliver.close();
        ordering.close();
        committer.close();
        ledger.close();
    }

    static EndorsedTransaction tx() {
        return EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner());
    }

    /** Broadcasts and waits until the transaction is committed; returns its block number. */
    static long commit(Envelope envelope) throws Exception {
        ordering.broadcast(envelope);
        String txId = EndorsedTransaction.txIdOf(envelope);
        await().until(() -> ledger.transaction(txId).isPresent());
        return ledger.transaction(txId).orElseThrow().blockNumber();
    }

    static SeekPosition specified(long number) {
        return SeekPosition.newBuilder().setSpecified(SeekSpecified.newBuilder().setNumber(number)).build();
    }

    static Envelope seek(Signer signer, SeekInfo info, Instant at, String channelId) {
        ByteString payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(ChannelHeader.newBuilder().setType(HeaderType.DELIVER_SEEK_INFO_VALUE).setChannelId(channelId)
                                .setTimestamp(Timestamp.newBuilder().setSeconds(at.getEpochSecond())).build().toByteString())
                        .setSignatureHeader(SignatureHeader.newBuilder()
                                .setCreator(ByteString.copyFrom(signer.serializedIdentity())).build().toByteString()))
                .setData(info.toByteString())
                .build().toByteString();
        return Envelope.newBuilder().setPayload(payload).setSignature(ByteString.copyFrom(signer.sign(payload.toByteArray()))).build();
    }

    static Envelope seek(SeekPosition start, SeekPosition stop) {
        return seek(crypto.user("USER1").signer(), SeekInfo.newBuilder().setStart(start).setStop(stop).build(), Instant.now(), "mychannel");
    }

    /** A client stream collecting what the server sends. */
    static final class Stream implements StreamObserver<DeliverResponse> {
        final BlockingQueue<DeliverResponse> received = new LinkedBlockingQueue<>();
        final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        final StreamObserver<Envelope> requests;

        Stream(String method) {
            DeliverGrpc.DeliverStub stub = DeliverGrpc.newStub(channel);
            requests = switch (method) {
                case "filtered" -> stub.deliverFiltered(this);
                case "private" -> stub.deliverWithPrivateData(this);
                default -> stub.deliver(this);
            };
        }

        Stream send(Envelope request) {
            requests.onNext(request);
            return this;
        }

        DeliverResponse next() throws InterruptedException {
            DeliverResponse response = received.poll(10, TimeUnit.SECONDS);
            assertThat(response).as("a response within 10 s").isNotNull();
            return response;
        }

        long nextBlockNumber() throws InterruptedException {
            DeliverResponse r = next();
            assertThat(r.getTypeCase()).isEqualTo(DeliverResponse.TypeCase.BLOCK);
            return r.getBlock().getHeader().getNumber();
        }

        Status nextStatus() throws InterruptedException {
            DeliverResponse r = next();
            assertThat(r.getTypeCase()).isEqualTo(DeliverResponse.TypeCase.STATUS);
            return r.getStatus();
        }

        String awaitEnd() throws InterruptedException {
            String end = ended.poll(10, TimeUnit.SECONDS);
            assertThat(end).as("stream end within 10 s").isNotNull();
            return end;
        }

        @Override
        public void onNext(DeliverResponse value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended.add("error: " + t);
        }

        @Override
        public void onCompleted() {
            ended.add("completed");
        }
    }

    @Nested
    class SeekPositions {

        @Test
        void oldestToNewestSendsEveryCommittedBlockThenSuccessAndKeepsTheStreamForAnotherRequest() throws Exception {
            long height = ledger.height();
            Stream stream = new Stream("full").send(seek(OLDEST, NEWEST));
            for (long n = 0; n < height; n++) {
                assertThat(stream.nextBlockNumber()).isEqualTo(n);
            }
            assertThat(stream.nextStatus()).isEqualTo(Status.SUCCESS);

            stream.send(seek(specified(1), specified(1)));
            assertThat(stream.nextBlockNumber()).isEqualTo(1);
            assertThat(stream.nextStatus()).isEqualTo(Status.SUCCESS);
            stream.requests.onCompleted();
            assertThat(stream.awaitEnd()).isEqualTo("completed");
        }

        @Test
        void newestToNewestSendsOnlyTheLastBlock() throws Exception {
            Stream stream = new Stream("full").send(seek(NEWEST, NEWEST));
            assertThat(stream.nextBlockNumber()).isEqualTo(ledger.height() - 1);
            assertThat(stream.nextStatus()).isEqualTo(Status.SUCCESS);
            stream.requests.onCompleted();
        }

        @Test
        void specifiedBeyondTheNextBlockIsNotFoundEvenWhenBlocking() throws Exception {
            Stream stream = new Stream("full").send(seek(specified(ledger.height() + 1), FOREVER));
            assertThat(stream.nextStatus()).isEqualTo(Status.NOT_FOUND);
            assertThat(stream.awaitEnd()).isEqualTo("completed");
        }

        @Test
        void specifiedAtTheHeightWaitsForThatBlockToCommit() throws Exception {
            long next = ledger.height();
            Stream stream = new Stream("full").send(seek(specified(next), specified(next)));
            long committedIn = commit(tx().write("later", "1").envelope());

            assertThat(stream.nextBlockNumber()).isEqualTo(next).isEqualTo(committedIn);
            assertThat(stream.nextStatus()).isEqualTo(Status.SUCCESS);
            stream.requests.onCompleted();
        }

        @Test
        void nextCommitStreamsOnlyBlocksCommittedAfterTheRequest() throws Exception {
            long heightAtRequest = ledger.height();
            Stream stream = new Stream("full").send(seek(NEXT_COMMIT, FOREVER));
            // the server reads the request asynchronously: keep committing until its first block arrives
            await().until(() -> {
                commit(tx().write("n" + System.nanoTime(), "1").envelope());
                return !stream.received.isEmpty();
            });
            long last = commit(tx().write("n-last", "1").envelope());

            long first = stream.nextBlockNumber();
            assertThat(first).isGreaterThanOrEqualTo(heightAtRequest);
            for (long n = first + 1; n <= last; n++) {
                assertThat(stream.nextBlockNumber()).isEqualTo(n);
            }
            stream.requests.onError(new RuntimeException("client gives up"));
        }

        @Test
        void failIfNotReadySendsWhatExistsThenNotFound() throws Exception {
            long height = ledger.height();
            Envelope request = seek(crypto.user("USER1").signer(), SeekInfo.newBuilder().setStart(specified(height - 1)).setStop(FOREVER)
                    .setBehavior(SeekInfo.SeekBehavior.FAIL_IF_NOT_READY).build(), Instant.now(), "mychannel");
            Stream stream = new Stream("full").send(request);

            assertThat(stream.nextBlockNumber()).isEqualTo(height - 1);
            assertThat(stream.nextStatus()).isEqualTo(Status.NOT_FOUND);
            assertThat(stream.awaitEnd()).isEqualTo("completed");
        }

        @Test
        void stopBeforeStartIsABadRequest() throws Exception {
            Stream stream = new Stream("full").send(seek(specified(2), specified(1)));
            assertThat(stream.nextStatus()).isEqualTo(Status.BAD_REQUEST);
        }
    }

    @Nested
    class RequestChecks {

        Status statusFor(Envelope request) throws InterruptedException {
            Stream stream = new Stream("full").send(request);
            Status status = stream.nextStatus();
            assertThat(stream.awaitEnd()).isEqualTo("completed");
            return status;
        }

        @Test
        void identityOfAnotherCaIsForbidden() throws Exception {
            Envelope request = seek(foreign.user("USER1").signer(), SeekInfo.newBuilder().setStart(OLDEST).setStop(NEWEST).build(),
                    Instant.now(), "mychannel");
            assertThat(statusFor(request)).isEqualTo(Status.FORBIDDEN);
        }

        @Test
        void signatureOverOtherBytesIsForbidden() throws Exception {
            Envelope valid = seek(OLDEST, NEWEST);
            Envelope tampered = valid.toBuilder().setSignature(ByteString.copyFrom(crypto.user("USER1").signer().sign(new byte[] {1}))).build();
            assertThat(statusFor(tampered)).isEqualTo(Status.FORBIDDEN);
        }

        @Test
        void timestampOutsideFifteenMinutesIsABadRequest() throws Exception {
            Envelope stale = seek(crypto.user("USER1").signer(), SeekInfo.newBuilder().setStart(OLDEST).setStop(NEWEST).build(),
                    Instant.now().minus(Duration.ofMinutes(16)), "mychannel");
            assertThat(statusFor(stale)).isEqualTo(Status.BAD_REQUEST);
        }

        @Test
        void missingStartIsABadRequest() throws Exception {
            Envelope request = seek(crypto.user("USER1").signer(), SeekInfo.newBuilder().setStop(NEWEST).build(), Instant.now(), "mychannel");
            assertThat(statusFor(request)).isEqualTo(Status.BAD_REQUEST);
        }

        @Test
        void unknownChannelIsNotFound() throws Exception {
            Envelope request = seek(crypto.user("USER1").signer(), SeekInfo.newBuilder().setStart(OLDEST).setStop(NEWEST).build(),
                    Instant.now(), "otherchannel");
            assertThat(statusFor(request)).isEqualTo(Status.NOT_FOUND);
        }

        @Test
        void garbagePayloadIsABadRequest() throws Exception {
            assertThat(statusFor(Envelope.newBuilder().setPayload(ByteString.copyFromUtf8("\u00ff\u00ff")).build())).isEqualTo(Status.BAD_REQUEST);
        }
    }

    @Nested
    class BlockForms {

        @Test
        void filteredBlocksCarryTxidsCodesAndEventsWithoutPayloads() throws Exception {
            Envelope withEvent = tx().write("f", "1").event("Filtered", "do not leak").envelope();
            long number = commit(withEvent);
            Stream stream = new Stream("filtered").send(seek(OLDEST, specified(number)));

            DeliverResponse genesis = stream.next();
            assertThat(genesis.getFilteredBlock().getFilteredTransactions(0).getType()).isEqualTo(HeaderType.CONFIG);
            DeliverResponse last = genesis;
            for (long n = 1; n <= number; n++) {
                last = stream.next();
            }
            assertThat(last.getFilteredBlock().getNumber()).isEqualTo(number);
            assertThat(last.getFilteredBlock().getChannelId()).isEqualTo("mychannel");
            FilteredTransaction ftx = last.getFilteredBlock().getFilteredTransactionsList().stream()
                    .filter(t -> t.getTxid().equals(EndorsedTransaction.txIdOf(withEvent))).findFirst().orElseThrow();
            assertThat(ftx.getType()).isEqualTo(HeaderType.ENDORSER_TRANSACTION);
            assertThat(ftx.getTxValidationCode()).isEqualTo(TxValidationCode.VALID);
            assertThat(ftx.getTransactionActions().getChaincodeActions(0).getChaincodeEvent().getEventName()).isEqualTo("Filtered");
            assertThat(ftx.getTransactionActions().getChaincodeActions(0).getChaincodeEvent().getChaincodeId()).isEqualTo("basic");
            assertThat(ftx.getTransactionActions().getChaincodeActions(0).getChaincodeEvent().getPayload()).isEmpty();
            assertThat(stream.nextStatus()).isEqualTo(Status.SUCCESS);
        }

        @Test
        void blockAndPrivateDataCarriesTheFullBlockAndAnEmptyMap() throws Exception {
            Stream stream = new Stream("private").send(seek(specified(1), specified(1)));

            DeliverResponse response = stream.next();
            assertThat(response.getBlockAndPrivateData().getBlock()).isEqualTo(ledger.block(1).orElseThrow());
            assertThat(response.getBlockAndPrivateData().getPrivateDataMapMap()).isEmpty();
            assertThat(stream.nextStatus()).isEqualTo(Status.SUCCESS);
        }

        @Test
        void fullBlocksAreTheCommittedBlocksWithTheirTransactionsFilter() throws Exception {
            Stream stream = new Stream("full").send(seek(specified(1), specified(1)));

            DeliverResponse response = stream.next();
            assertThat(response.getBlock()).isEqualTo(ledger.block(1).orElseThrow());
            assertThat(response.getBlock().getMetadata().getMetadata(2).size()).isEqualTo(response.getBlock().getData().getDataCount());
        }
    }
}
