package dev.tokenomics.devnet.orderer;

import dev.tokenomics.devnet.deliver.DeliverService;
import io.grpc.stub.StreamObserver;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.hyperledger.fabric.protos.orderer.BroadcastResponse;
import org.hyperledger.fabric.protos.orderer.DeliverResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code orderer.AtomicBroadcast} for legacy SDKs and the {@code peer} CLI: Broadcast answers one
 * BroadcastResponse per envelope (SUCCESS once admitted, else the ingress status and info) and
 * keeps the stream open, as Fabric's broadcast handler does; Deliver serves the shared ledger.
 */
public final class BroadcastService extends AtomicBroadcastGrpc.AtomicBroadcastImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastService.class);

    private final Orderer orderer;
    private final DeliverService deliver;

    public BroadcastService(Orderer orderer, DeliverService deliver) {
        this.orderer = orderer;
        this.deliver = deliver;
    }

    @Override
    public StreamObserver<Envelope> broadcast(StreamObserver<BroadcastResponse> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Envelope envelope) {
                BroadcastResponse response;
                try {
                    orderer.broadcast(envelope);
                    response = BroadcastResponse.newBuilder().setStatus(Status.SUCCESS).build();
                } catch (OrdererRejection e) {
                    LOG.info("Broadcast rejected with {}: {}", e.status(), e.getMessage());
                    response = BroadcastResponse.newBuilder().setStatus(e.status()).setInfo(e.getMessage()).build();
                }
                synchronized (responses) {
                    responses.onNext(response);
                }
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("Broadcast stream ended by the client: {}", t.toString());
            }

            @Override
            public void onCompleted() {
                synchronized (responses) {
                    responses.onCompleted();
                }
            }
        };
    }

    @Override
    public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> responses) {
        return deliver.ordererDeliver(responses);
    }
}
