package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;
import org.hyperledger.fabric.protos.peer.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer side of one shim stream (handler.go), whichever side dialled: waits for REGISTER,
 * answers REGISTERED then READY, then runs transactions, several at once, each keyed by
 * channel id + tx id as the shim routes replies.
 */
final class ChaincodeStream implements StreamObserver<ChaincodeMessage> {
    private static final Logger log = LoggerFactory.getLogger(ChaincodeStream.class);

    /** What the stream tells its owner about registration and loss. */
    interface Registrar {
        /** Returns an error text to refuse the registration, or null to accept it. */
        String registered(String chaincodeId, ChaincodeStream stream);

        void terminated(ChaincodeStream stream);
    }

    private enum State { CREATED, READY, CLOSED }

    private final Registrar registrar;
    private final Map<String, TransactionContext> inFlight = new ConcurrentHashMap<>();
    private volatile SerializedSender<ChaincodeMessage> outbound;
    private volatile State state = State.CREATED;
    private volatile String chaincodeId = "";

    ChaincodeStream(Registrar registrar) {
        this.registrar = registrar;
    }

    /** Sets where messages to the chaincode go; called before the first message can arrive. */
    void connect(StreamObserver<ChaincodeMessage> toChaincode) {
        this.outbound = new SerializedSender<>(toChaincode);
    }

    String chaincodeId() {
        return chaincodeId;
    }

    CompletableFuture<SimulationResult> execute(ChaincodeCall call) {
        String key = call.channelId() + call.txId();
        TransactionContext context = new TransactionContext(call);
        if (inFlight.putIfAbsent(key, context) != null) {
            return CompletableFuture.failedFuture(new ChaincodeExecutionException(
                    "txid: " + call.txId() + "(" + call.channelId() + ") exists"));
        }
        if (state != State.READY) {
            inFlight.remove(key);
            return CompletableFuture.failedFuture(new ChaincodeExecutionException("chaincode stream terminated"));
        }
        send(ChaincodeMessage.newBuilder()
                .setType(Type.TRANSACTION)
                .setPayload(call.input().toByteString())
                .setTxid(call.txId())
                .setChannelId(call.channelId())
                .setProposal(call.signedProposal())
                .build());
        return context.completion()
                .whenComplete((m, e) -> inFlight.remove(key, context))
                .thenCompose(message -> result(context, message));
    }

    /** Abandons a transaction (timeout): its late replies are ignored. */
    void abandon(ChaincodeCall call, String reason) {
        TransactionContext context = inFlight.remove(call.channelId() + call.txId());
        if (context != null) {
            context.completion().completeExceptionally(new ChaincodeExecutionException(reason));
        }
    }

    private CompletableFuture<SimulationResult> result(TransactionContext context, ChaincodeMessage message) {
        ChaincodeCall call = context.call();
        if (message.getType() == Type.ERROR) {
            return CompletableFuture.failedFuture(new ChaincodeExecutionException(
                    "transaction returned with failure: " + message.getPayload().toStringUtf8()));
        }
        try {
            Response response = ZeroCopyParser.parse(Response.parser(), message.getPayload());
            ChaincodeEvent event = null;
            if (message.hasChaincodeEvent()) {
                event = message.getChaincodeEvent().toBuilder()
                        .setChaincodeId(call.chaincodeName())
                        .setTxId(call.txId())
                        .build();
            }
            return CompletableFuture.completedFuture(new SimulationResult(response, event, context.simulator().finish()));
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(new ChaincodeExecutionException(
                    "failed to unmarshal chaincode response for transaction " + call.txId() + ": " + e.getMessage()));
        }
    }

    @Override
    public void onNext(ChaincodeMessage message) {
        if (state == State.CREATED) {
            onRegister(message);
            return;
        }
        switch (message.getType()) {
            case KEEPALIVE:
                return;
            case COMPLETED:
            case ERROR: {
                TransactionContext context = inFlight.get(message.getChannelId() + message.getTxid());
                if (context == null) {
                    log.warn("chaincode {} sent {} for unknown or abandoned tx {}", chaincodeId, message.getType(), message.getTxid());
                } else {
                    context.completion().complete(message);
                }
                return;
            }
            default: {
                TransactionContext context = inFlight.get(message.getChannelId() + message.getTxid());
                if (context == null) {
                    String text = message.getType() + " failed: transaction ID: " + message.getTxid()
                            + ": no transaction context for that transaction";
                    send(TransactionContext.reply(message, Type.ERROR, ByteString.copyFromUtf8(text)));
                } else {
                    send(context.handle(message));
                }
            }
        }
    }

    private void onRegister(ChaincodeMessage message) {
        if (message.getType() != Type.REGISTER) {
            refuse("chaincode stream must start with REGISTER, received " + message.getType());
            return;
        }
        try {
            chaincodeId = ZeroCopyParser.parse(ChaincodeID.parser(), message.getPayload()).getName();
        } catch (InvalidProtocolBufferException e) {
            refuse("error unmarshalling REGISTER payload: " + e.getMessage());
            return;
        }
        String refusal = chaincodeId.isEmpty() ? "chaincode name is empty" : registrar.registered(chaincodeId, this);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        // REGISTERED must precede READY or the 2.5 shim never leaves ESTABLISHED.
        send(ChaincodeMessage.newBuilder().setType(Type.REGISTERED).build());
        state = State.READY;
        send(ChaincodeMessage.newBuilder().setType(Type.READY).build());
        log.info("chaincode {} registered and ready", chaincodeId);
    }

    private void refuse(String reason) {
        log.warn("refusing chaincode registration {}: {}", chaincodeId, reason);
        send(ChaincodeMessage.newBuilder().setType(Type.ERROR).setPayload(ByteString.copyFromUtf8(reason)).build());
        close();
    }

    @Override
    public void onError(Throwable t) {
        log.warn("stream of chaincode {} failed: {}", chaincodeId, t.toString());
        terminate();
    }

    @Override
    public void onCompleted() {
        log.info("chaincode {} closed its stream", chaincodeId);
        terminate();
    }

    /** Ends the stream from the peer side. */
    void close() {
        SerializedSender<ChaincodeMessage> out = outbound;
        terminate();
        if (out != null) {
            out.complete();
        }
    }

    private void terminate() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        inFlight.values().forEach(c -> c.completion().completeExceptionally(
                new ChaincodeExecutionException("chaincode stream terminated")));
        inFlight.clear();
        registrar.terminated(this);
    }

    private void send(ChaincodeMessage message) {
        outbound.send(message);
    }
}
