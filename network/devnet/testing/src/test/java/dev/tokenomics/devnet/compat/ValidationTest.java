package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenomics.devnet.junit.DevnetExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J10, J12–J14 and concurrency: commit-time MVCC and phantom validation seen through the official client. */
class ValidationTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();
    static Contract contract;

    @BeforeAll
    static void connect() {
        contract = devnet.contract("USER1");
    }

    private static Transaction endorse(String function, String... args) throws Exception {
        return contract.newProposal(function).addArguments(args).build().endorse();
    }

    private static String get(String key) throws Exception {
        return new String(contract.evaluateTransaction("get", key), UTF_8);
    }

    @Nested
    class ReadConflict {
        @Test
        void secondOfTwoConcurrentlyEndorsedIncrementsIsAnMvccConflict() throws Exception {
            Transaction first = endorse("increment", "ctr");
            Transaction second = endorse("increment", "ctr");

            first.submit();
            CommitException e = catchThrowableOfType(CommitException.class, second::submit);

            assertThat(e.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(e.getTransactionId()).isEqualTo(second.getTransactionId());
            assertThat(get("ctr")).isEqualTo("1");
        }

        @Test
        void statusOfTheLoserNamesItsBlock() throws Exception {
            Transaction first = endorse("increment", "ctr-status");
            Transaction second = endorse("increment", "ctr-status");
            first.submit();

            Status status = second.submitAsync().getStatus();

            assertThat(status.isSuccessful()).isFalse();
            assertThat(status.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(devnet.devnet().ledger().transaction(second.getTransactionId()).orElseThrow().blockNumber())
                    .isEqualTo(status.getBlockNumber());
        }

        @Test
        void aReadOfAKeyDeletedSinceIsAConflictAndTheDeleteStands() throws Exception {
            contract.submitTransaction("put", "j13", "1");
            Transaction reader = endorse("increment", "j13");
            contract.submitTransaction("del", "j13");

            CommitException e = catchThrowableOfType(CommitException.class, reader::submit);

            assertThat(e.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(get("j13")).isEmpty();
        }

        @Test
        void blindWritesNeverConflictAndTheLastOneWins() throws Exception {
            Transaction a = endorse("put", "j14", "a");
            Transaction b = endorse("put", "j14", "b");

            a.submit();
            b.submit();

            assertThat(get("j14")).isEqualTo("b");
        }
    }

    @Nested
    class PhantomRead {
        @Test
        void aKeyInsertedIntoAReadRangeInvalidatesTheReader() throws Exception {
            contract.submitTransaction("put", "p1", "5");
            Transaction sum = endorse("sumRange", "p", "q");
            contract.submitTransaction("put", "pm", "1");

            CommitException e = catchThrowableOfType(CommitException.class, sum::submit);

            assertThat(e.getCode()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void aKeyDeletedFromAReadRangeInvalidatesTheReader() throws Exception {
            contract.submitTransaction("put", "d1", "5");
            contract.submitTransaction("put", "d2", "6");
            Transaction sum = endorse("sumRange", "d", "e");
            contract.submitTransaction("del", "d2");

            CommitException e = catchThrowableOfType(CommitException.class, sum::submit);

            assertThat(e.getCode()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void aWriteOutsideTheRangeDoesNot() throws Exception {
            contract.submitTransaction("put", "o1", "5");
            Transaction sum = endorse("sumRange", "o", "p");
            contract.submitTransaction("put", "x-outside", "1");

            assertThat(new String(sum.submit(), UTF_8)).isEqualTo("5");
        }
    }

    @Nested
    class Concurrency {
        @Test
        void fiftyEvaluatesAndFiftySubmitsAtOnceAllComplete() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(100);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<String>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    String key = "concurrent-" + i;
                    results.add(CompletableFuture.supplyAsync(() -> call(start, () -> contract.submitTransaction("put", key, key)), pool));
                    results.add(CompletableFuture.supplyAsync(() -> call(start, () -> contract.evaluateTransaction("echo", key)), pool));
                }
                start.countDown();
                CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(results).allSatisfy(r -> assertThat(r.join()).startsWith("concurrent-"));
            assertThat(get("concurrent-49")).isEqualTo("concurrent-49");
        }

        private String call(CountDownLatch start, ThrowingCall call) {
            try {
                start.await();
                return new String(call.run(), UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        byte[] run() throws Exception;
    }
}
