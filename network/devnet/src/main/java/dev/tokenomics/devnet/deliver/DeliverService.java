package dev.tokenomics.devnet.deliver;

import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;

/** {@code protos.Deliver}: committed blocks of the channel, full, filtered, or with (empty) private data. */
public final class DeliverService extends DeliverGrpc.DeliverImplBase implements AutoCloseable {

    private final ChannelLedger ledger;
    private final Msp msp;
    private final Clock clock;
    private final ExecutorService executor;

    public DeliverService(ChannelLedger ledger, Msp msp) {
        this(ledger, msp, Clock.systemUTC());
    }

    /** With a clock, for the timestamp window. */
    public DeliverService(ChannelLedger ledger, Msp msp, Clock clock) {
        this.ledger = ledger;
        this.msp = msp;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "devnet-deliver-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> responseObserver) {
        return new DeliverStream<>(responseObserver, ledger, msp, BlockForm.FULL, executor, clock);
    }

    @Override
    public StreamObserver<Envelope> deliverFiltered(StreamObserver<DeliverResponse> responseObserver) {
        return new DeliverStream<>(responseObserver, ledger, msp, BlockForm.FILTERED, executor, clock);
    }

    @Override
    public StreamObserver<Envelope> deliverWithPrivateData(StreamObserver<DeliverResponse> responseObserver) {
        return new DeliverStream<>(responseObserver, ledger, msp, BlockForm.WITH_PRIVATE_DATA, executor, clock);
    }

    /**
     * The orderer's {@code AtomicBroadcast.Deliver} over the same ledger (the devnet's orderer and
     * peer share it): full blocks as {@code orderer.DeliverResponse}, same seek rules and statuses.
     */
    public StreamObserver<Envelope> ordererDeliver(StreamObserver<org.hyperledger.fabric.protos.orderer.DeliverResponse> responseObserver) {
        return new DeliverStream<>(responseObserver, ledger, msp, new DeliverStream.ResponseForm<>() {
            @Override
            public org.hyperledger.fabric.protos.orderer.DeliverResponse block(org.hyperledger.fabric.protos.common.Block block, String channelId) {
                return org.hyperledger.fabric.protos.orderer.DeliverResponse.newBuilder().setBlock(block).build();
            }

            @Override
            public org.hyperledger.fabric.protos.orderer.DeliverResponse status(org.hyperledger.fabric.protos.common.Status status) {
                return org.hyperledger.fabric.protos.orderer.DeliverResponse.newBuilder().setStatus(status).build();
            }
        }, executor, clock);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
