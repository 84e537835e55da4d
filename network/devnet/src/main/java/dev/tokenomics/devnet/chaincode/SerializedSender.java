package dev.tokenomics.devnet.chaincode;

import io.grpc.stub.StreamObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to a gRPC stream observer, which must never be called by two threads at once,
 * without a lock: a sender enqueues and, if nobody is draining, drains the queue itself. The
 * devnet's endorsement threads (TRANSACTION) and the transport thread (state replies) both send
 * on one chaincode stream; with a monitor around {@code onNext} they parked on each other under
 * load (the only contention the devnet's JFR profile showed). Order is the enqueue order.
 */
final class SerializedSender<T> {
    private static final Logger log = LoggerFactory.getLogger(SerializedSender.class);

    private final StreamObserver<T> target;
    private final Queue<Consumer<StreamObserver<T>>> actions = new ConcurrentLinkedQueue<>();
    /**
     * Actions enqueued and not yet run; the thread that raises it from zero drains. Each increment
     * follows its action's enqueue, so the drainer always finds as many actions as it has counted.
     */
    private final AtomicInteger pending = new AtomicInteger();

    SerializedSender(StreamObserver<T> target) {
        this.target = target;
    }

    void send(T message) {
        run(observer -> observer.onNext(message));
    }

    void complete() {
        run(StreamObserver::onCompleted);
    }

    private void run(Consumer<StreamObserver<T>> action) {
        actions.add(action);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        int counted = 1;
        do {
            for (int i = 0; i < counted; i++) {
                apply(actions.poll());
            }
            counted = pending.addAndGet(-counted);
        } while (counted != 0);
    }

    private void apply(Consumer<StreamObserver<T>> action) {
        try {
            action.accept(target);
        } catch (RuntimeException e) {
            // The call is already cancelled: the transport's onError/onCompleted terminates the stream.
            log.debug("send on a chaincode stream failed: {}", e.toString());
        }
    }
}
