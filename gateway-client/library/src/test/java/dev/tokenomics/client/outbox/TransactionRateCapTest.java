package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.InMemoryLedger;
import dev.tokenomics.client.support.TestDatabase;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The submitter's cap on ledger transactions per second: the bucket on a clock the test moves, and the setting in a running submitter. */
class TransactionRateCapTest {
    /** A clock that moves only when the cap waits: each wait is what the bucket asked for, and no time passes otherwise. */
    private static final class ManualClock implements TimeMeter {
        long nanos;
        final List<Long> waits = new ArrayList<>();

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void park(long wait) {
            waits.add(wait);
            nanos += wait;
        }
    }

    private static SimpleMeterRegistry registry() {
        return new SimpleMeterRegistry();
    }

    @Nested
    class Bucket {
        @Test
        void oneSecondsWorthGoesAtOnceThenEachTransactionWaitsForItsToken() throws Exception {
            ManualClock clock = new ManualClock();
            SimpleMeterRegistry registry = registry();
            TransactionRateCap cap = TransactionRateCap.of(5, clock, clock::park, new SubmitterMeters(registry, "t"));
            for (int i = 0; i < 8; i++) {
                cap.acquire();
            }
            assertThat(clock.waits).containsExactly(TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(200),
                    TimeUnit.MILLISECONDS.toNanos(200));
            assertThat(registry.get("tokenomics.submitter.throttled").tag("tenant", "t").counter().count()).isEqualTo(3);
            assertThat(registry.get("tokenomics.submitter.throttle.wait").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(600);
        }

        @Test
        void aQuietSpellRefillsTheBurstButNoMore() throws Exception {
            ManualClock clock = new ManualClock();
            TransactionRateCap cap = TransactionRateCap.of(2, clock, clock::park, SubmitterMeters.none());
            cap.acquire();
            cap.acquire();
            clock.nanos += TimeUnit.SECONDS.toNanos(60);
            cap.acquire();
            cap.acquire();
            assertThat(clock.waits).as("a minute idle refills two tokens, not 120").isEmpty();
            cap.acquire();
            assertThat(clock.waits).containsExactly(TimeUnit.MILLISECONDS.toNanos(500));
        }

        @Test
        void aRateBelowOnePerSecondLetsOneTransactionThroughPerPeriod() throws Exception {
            ManualClock clock = new ManualClock();
            TransactionRateCap cap = TransactionRateCap.of(0.5, clock, clock::park, SubmitterMeters.none());
            cap.acquire();
            cap.acquire();
            assertThat(clock.waits).containsExactly(TimeUnit.SECONDS.toNanos(2));
        }

        @Test
        void noCapNeverWaits() throws Exception {
            ManualClock clock = new ManualClock();
            TransactionRateCap cap = TransactionRateCap.of(0, clock, clock::park, SubmitterMeters.none());
            for (int i = 0; i < 1000; i++) {
                cap.acquire();
            }
            assertThat(clock.waits).isEmpty();
        }
    }

    @Test
    void aRateThatIsNotAPositiveNumberIsRefusedByTheBuilder() {
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Submitter.builder(null, (CommandLedger) null).maxTransactionsPerSecond(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max transactions per second");
        }
    }

    @Test
    void theSubmittersWorkersWaitForTheCapAndCountTheirWaits() throws Exception {
        try (TestDatabase db = TestDatabase.create(4)) {
            InMemoryLedger ledger = new InMemoryLedger();
            for (int i = 0; i < 3; i++) {
                ledger.fund("from-" + i, 10);
                ledger.fund("to-" + i, 0);
            }
            try (Connection connection = db.dataSource().getConnection()) {
                for (int i = 0; i < 3; i++) {
                    Outbox.enqueue(connection, NewCommand.of("t-cap", CommandType.TRANSFER,
                            "{\"fromId\":\"from-" + i + "\",\"toId\":\"to-" + i + "\",\"amount\":1}", "cap-" + i));
                }
            }
            SimpleMeterRegistry registry = registry();
            // One token a second and no burst beyond it: three transactions of one claim, endorsed back to back, wait twice.
            try (Submitter submitter = Submitter.builder(db.dataSource(), ledger).tenant("t-cap").workers(2).maxCommandsPerTransaction(1)
                    .pollInterval(Duration.ofMillis(10)).maxTransactionsPerSecond(1).meterRegistry(registry).build()) {
                submitter.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count(
                        "SELECT count(*) FROM outbox_command WHERE tenant_id = 't-cap' AND status = 'COMMITTED'") == 3);
            }
            assertThat(registry.get("tokenomics.submitter.throttled").tag("tenant", "t-cap").counter().count()).isGreaterThanOrEqualTo(1);
            assertThat(registry.get("tokenomics.submitter.throttle.wait").tag("tenant", "t-cap").timer().count())
                    .isEqualTo((long) registry.get("tokenomics.submitter.throttled").counter().count());
            assertThat(registry.get("tokenomics.submitter.endorse").tag("tenant", "t-cap").timer().count()).isEqualTo(3);
        }
    }
}
