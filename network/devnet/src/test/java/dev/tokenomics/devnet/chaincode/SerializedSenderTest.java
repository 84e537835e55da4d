package dev.tokenomics.devnet.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerializedSenderTest {

    /** Records what it receives and counts calls that overlapped another call. */
    static final class RecordingObserver implements StreamObserver<int[]> {
        final List<int[]> received = new ArrayList<>();
        final AtomicBoolean inside = new AtomicBoolean();
        final AtomicInteger overlaps = new AtomicInteger();
        volatile boolean completed;

        @Override
        public void onNext(int[] message) {
            if (!inside.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            received.add(message);
            Thread.yield();
            inside.set(false);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    @Test
    void concurrentSendersReachTheObserverOneAtATimeEachInItsOwnOrder() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        SerializedSender<int[]> sender = new SerializedSender<>(observer);
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    sender.send(new int[] {thread, i});
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        sender.complete();

        assertThat(observer.overlaps.get()).isZero();
        assertThat(observer.received).hasSize(threads * perThread);
        int[] next = new int[threads];
        for (int[] message : observer.received) {
            assertThat(message[1]).isEqualTo(next[message[0]]++);
        }
        assertThat(observer.completed).isTrue();
    }

    @Test
    void aFailingObserverDoesNotStopLaterMessages() {
        List<String> received = new ArrayList<>();
        SerializedSender<String> sender = new SerializedSender<>(new StreamObserver<>() {
            @Override
            public void onNext(String message) {
                if (message.equals("cancelled")) {
                    throw new IllegalStateException("call already cancelled");
                }
                received.add(message);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        sender.send("cancelled");
        sender.send("next");
        assertThat(received).containsExactly("next");
    }
}
