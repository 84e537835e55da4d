package dev.tokenomics.devnet.chaincode;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaincode-as-a-service: the devnet dials a chaincode server ({@code protos.Chaincode/Connect})
 * and then behaves exactly as for a chaincode that dialled in; the chaincode still speaks first
 * with REGISTER. Lost connections are re-dialled after a short pause.
 */
public final class ChaincodeServerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChaincodeServerConnection.class);
    private static final long REDIAL_DELAY_MILLIS = 500;

    private final String address;
    private final ChaincodeHost host;
    private final ManagedChannel channel;
    private final ScheduledExecutorService redials = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ccaas-redial");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public ChaincodeServerConnection(String address, ChaincodeHost host) {
        this.address = address;
        this.host = host;
        this.channel = ManagedChannelBuilder.forTarget(address).usePlaintext().directExecutor().build();
    }

    public void start() {
        dial();
    }

    private void dial() {
        if (closed) {
            return;
        }
        ChaincodeStream stream = new ChaincodeStream(new ChaincodeStream.Registrar() {
            @Override
            public String registered(String chaincodeId, ChaincodeStream s) {
                return host.registered(chaincodeId, s);
            }

            @Override
            public void terminated(ChaincodeStream s) {
                host.terminated(s);
                if (!closed) {
                    log.warn("connection to chaincode server {} lost; re-dialling", address);
                    redials.schedule(ChaincodeServerConnection.this::dial, REDIAL_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        });
        ChaincodeGrpc.newStub(channel).connect(new ClientResponseObserver<ChaincodeMessage, ChaincodeMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ChaincodeMessage> requestStream) {
                stream.connect(requestStream);
            }

            @Override
            public void onNext(ChaincodeMessage message) {
                stream.onNext(message);
            }

            @Override
            public void onError(Throwable t) {
                stream.onError(t);
            }

            @Override
            public void onCompleted() {
                stream.onCompleted();
            }
        });
        log.info("dialled chaincode server {}", address);
    }

    @Override
    public void close() {
        closed = true;
        redials.shutdownNow();
        channel.shutdownNow();
    }
}
