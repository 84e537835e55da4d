package dev.tokenomics.devnet.orderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.tokenomics.devnet.committer.BlockCommitter;
import dev.tokenomics.devnet.deliver.DeliverService;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.ChannelLedger;
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
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.hyperledger.fabric.protos.orderer.BroadcastResponse;
import org.hyperledger.fabric.protos.orderer.DeliverResponse;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.orderer.SeekSpecified;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orderer's AtomicBroadcast service over loopback gRPC, as the peer CLI uses it. */
class BroadcastServiceTest {

    @TempDir
    static Path dir;
    static DevnetCrypto crypto;
    static ChannelLedger ledger;
    static BlockCommitter committer;
    static OrderingService ordering;
    static DeliverService deliver;
    static Server server;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        crypto = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com");
        ledger = ChannelLedger.inMemory("mychannel");
        committer = new BlockCommitter(ledger, crypto.msp(), new ChaincodeDefinitions().define("basic", "1.0"));
        committer.start();
        ordering = OrderingService.builder(ledger, crypto, committer)
                .batchTimeout(Duration.ofMillis(10)).build();
        ordering.start();
        deliver = new DeliverService(ledger, crypto.msp());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new BroadcastService(ordering, deliver)).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
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

    static final class Collector<T> implements StreamObserver<T> {
        final BlockingQueue<T> received = new LinkedBlockingQueue<>();

        T next() throws InterruptedException {
            T value = received.poll(10, TimeUnit.SECONDS);
            assertThat(value).as("a response within 10 s").isNotNull();
            return value;
        }

        @Override
        public void onNext(T value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    @Test
    void broadcastAnswersEachEnvelopeAndKeepsTheStreamOpenAfterARejection() throws Exception {
        Collector<BroadcastResponse> responses = new Collector<>();
        StreamObserver<Envelope> requests = AtomicBroadcastGrpc.newStub(channel).broadcast(responses);
        EndorsedTransaction tx = EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner());

        requests.onNext(tx.write("a", "1").badClientSignature().envelope());
        BroadcastResponse rejected = responses.next();
        Envelope good = EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner()).write("b", "1").envelope();
        requests.onNext(good);
        BroadcastResponse accepted = responses.next();
        requests.onCompleted();

        assertThat(rejected.getStatus()).isEqualTo(Status.FORBIDDEN);
        assertThat(rejected.getInfo()).contains("Writers");
        assertThat(accepted.getStatus()).isEqualTo(Status.SUCCESS);
        await().until(() -> ledger.transaction(EndorsedTransaction.txIdOf(good)).isPresent());
    }

    @Test
    void ordererDeliverStreamsBlocksAsOrdererResponses() throws Exception {
        SeekPosition zero = SeekPosition.newBuilder().setSpecified(SeekSpecified.newBuilder().setNumber(0)).build();
        ByteString payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(ChannelHeader.newBuilder().setType(HeaderType.DELIVER_SEEK_INFO_VALUE).setChannelId("mychannel")
                                .setTimestamp(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())).build().toByteString())
                        .setSignatureHeader(SignatureHeader.newBuilder()
                                .setCreator(ByteString.copyFrom(crypto.user("ADMIN").signer().serializedIdentity())).build().toByteString()))
                .setData(SeekInfo.newBuilder().setStart(zero).setStop(zero).build().toByteString())
                .build().toByteString();
        Envelope seek = Envelope.newBuilder().setPayload(payload)
                .setSignature(ByteString.copyFrom(crypto.user("ADMIN").signer().sign(payload.toByteArray()))).build();
        Collector<DeliverResponse> responses = new Collector<>();

        AtomicBroadcastGrpc.newStub(channel).deliver(responses).onNext(seek);

        assertThat(responses.next().getBlock()).isEqualTo(ledger.block(0).orElseThrow());
        assertThat(responses.next().getStatus()).isEqualTo(Status.SUCCESS);
    }
}
