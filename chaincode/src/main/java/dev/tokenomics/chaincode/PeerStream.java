package dev.tokenomics.chaincode;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.grpc.stub.StreamObserver;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.shim.ChaincodeBase;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.impl.ChaincodeSupportClient;
import org.hyperledger.fabric.shim.impl.InvocationTaskManager;

/**
 * Peer-launched chaincode's connection: dials the peer's ChaincodeSupport stream as the shim's own
 * {@code ChaincodeBase.connectToPeer()} does (same address, TLS, message size and tracing, from
 * the shim's channel builder) with one difference: the peer's messages are handed to the shim on
 * gRPC's transport thread instead of a pool thread ({@code directExecutor}).
 *
 * <p>Why: a transaction's every state call is a round trip on this stream, and an
 * {@code ApplyCommands} envelope of 1,000 commands makes 2,000 of them in a row. The default
 * executor adds a thread hand-off to each reply (transport thread, pool thread, then the
 * transaction's thread); without it, endorsing such an envelope on the devnet takes a fifth to a
 * quarter less chaincode CPU ({@code scripts/bench-devnet.sh --endorse}). Nothing the shim runs
 * on delivery blocks: a reply goes to its transaction's queue, which has room for the one reply
 * the protocol allows in flight, and a new transaction goes to the shim's own pool, which refuses
 * rather than waits when full.
 *
 * <p>It is a {@link ChaincodeServer} because that is the shim's public hook for how a
 * {@code ContractRouter} meets its peer ({@code startRouterWithChaincodeServer}); the classes it
 * builds on, {@code ChaincodeSupportClient} and {@code InvocationTaskManager}, are the public
 * classes the shim's own connection uses.
 */
final class PeerStream implements ChaincodeServer {
    private static final Logger LOG = Logger.getLogger(PeerStream.class.getName());

    private final ChaincodeBase chaincode;
    private ChaincodeSupportClient client;
    private InvocationTaskManager tasks;

    PeerStream(ChaincodeBase chaincode) {
        this.chaincode = chaincode;
    }

    /** Opens the stream and registers; returns at once, as the shim's client mode does. */
    @Override
    public void start() throws IOException {
        String id = chaincode.getChaincodeConfig().getProperty("CORE_CHAINCODE_ID_NAME");
        client = new ChaincodeSupportClient(chaincode.newChannelBuilder().directExecutor());
        tasks = InvocationTaskManager.getManager(chaincode, ChaincodeID.newBuilder().setName(id).build());
        StreamObserver<ChaincodeMessage> toPeer = client.getStub().register(new StreamObserver<>() {
            @Override
            public void onNext(ChaincodeMessage message) {
                tasks.onChaincodeMessage(message);
            }

            @Override
            public void onError(Throwable error) {
                LOG.log(Level.SEVERE, "stream to the peer failed; shutting down", error);
                stop();
            }

            @Override
            public void onCompleted() {
                LOG.severe("the peer closed the chaincode stream; shutting down");
                stop();
            }
        });
        client.start(tasks, toPeer);
    }

    /** Ends the stream and the shim's transaction pool, which lets the process exit for the peer to relaunch it. */
    @Override
    public void stop() {
        client.shutdown(tasks);
    }
}
