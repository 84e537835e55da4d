package dev.tokenomics.devnet.deliver;

import dev.tokenomics.devnet.identity.IdentityException;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Deliver stream: seek requests are served one after another, each ending with a status
 * (SUCCESS keeps the stream open for the next request, anything else ends it). Blocks are sent
 * only while the transport is ready and only once committed; waiting for a block holds no thread.
 * A client cancel releases the stream at once.
 */
final class DeliverStream<R> implements StreamObserver<Envelope> {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverStream.class);

    private final ServerCallStreamObserver<R> responses;
    private final ChannelLedger ledger;
    private final Msp msp;
    private final ResponseForm<R> form;
    private final Executor executor;
    private final Clock clock;
    private final Queue<Envelope> requests = new ArrayDeque<>();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private volatile boolean cancelled;
    private boolean halfClosed;
    private boolean finished;
    private SeekRequest.Outcome active;
    private long next;

    /** How a stream's responses carry a block or a status (peer and orderer Deliver differ). */
    interface ResponseForm<R> {
        R block(Block block, String channelId);

        R status(Status status);
    }

    DeliverStream(StreamObserver<R> responses, ChannelLedger ledger, Msp msp, ResponseForm<R> form, Executor executor,
            Clock clock) {
        this.responses = (ServerCallStreamObserver<R>) responses;
        this.ledger = ledger;
        this.msp = msp;
        this.form = form;
        this.executor = executor;
        this.clock = clock;
        this.responses.setOnCancelHandler(() -> cancelled = true);
        this.responses.setOnReadyHandler(this::schedulePump);
    }

    @Override
    public void onNext(Envelope request) {
        synchronized (this) {
            requests.add(request);
        }
        schedulePump();
    }

    @Override
    public void onError(Throwable t) {
        cancelled = true;
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            halfClosed = true;
        }
        schedulePump();
    }

    private void schedulePump() {
        if (!cancelled && pumpScheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                pumpScheduled.set(false);
                pump();
            });
        }
    }

    /** Advances the stream as far as it can without waiting; re-scheduled by readiness or a commit. */
    private synchronized void pump() {
        try {
            while (!cancelled && !finished) {
                if (active == null && !startNextRequest()) {
                    return;
                }
                if (next > active.stop()) {
                    send(form.status(Status.SUCCESS));
                    active = null;
                    continue;
                }
                if (!responses.isReady()) {
                    return;
                }
                if (next >= ledger.height()) {
                    if (active.failIfNotReady()) {
                        finish(Status.NOT_FOUND);
                        return;
                    }
                    ledger.heightReached(next + 1).thenRun(this::schedulePump);
                    return;
                }
                if (!stillReader()) {
                    finish(Status.FORBIDDEN);
                    return;
                }
                Block block = ledger.block(next).orElseThrow();
                send(form.block(block, ledger.channelId()));
                next++;
            }
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOG.error("Deliver stream failed at block {}", next, e);
                finish(Status.INTERNAL_SERVER_ERROR);
            }
        }
    }

    /** Takes the next queued request; false when there is none (the stream ends if the client half-closed). */
    private boolean startNextRequest() {
        Envelope request = requests.poll();
        if (request == null) {
            if (halfClosed) {
                finished = true;
                responses.onCompleted();
            }
            return false;
        }
        SeekRequest.Outcome outcome = SeekRequest.check(request, ledger.channelId(), msp, ledger.height(), clock.instant());
        if (!outcome.accepted()) {
            LOG.info("Deliver request refused with {}", outcome.refusal());
            finish(outcome.refusal());
            return false;
        }
        active = outcome;
        next = outcome.start();
        return true;
    }

    /** Fabric re-evaluates the Readers policy before every block (a certificate may expire mid-stream). */
    private boolean stillReader() {
        try {
            msp.validate(active.creator());
            return true;
        } catch (IdentityException e) {
            return false;
        }
    }

    private void finish(Status status) {
        send(form.status(status));
        finished = true;
        responses.onCompleted();
    }

    private void send(R response) {
        responses.onNext(response);
    }
}
