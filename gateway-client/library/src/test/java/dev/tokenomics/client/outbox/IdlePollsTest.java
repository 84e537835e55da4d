package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdlePollsTest {
    private final IdlePolls polls = new IdlePolls(Duration.ofHours(1));

    @Test
    void oneIdleWorkerPollsPerInterval() {
        assertThat(polls.tryStart()).isTrue();
        assertThat(polls.tryStart()).isFalse();
        assertThat(polls.nanosUntilNext()).isGreaterThan(Duration.ofMinutes(59).toNanos());
    }

    @Test
    void anEmptyClaimByABusyWorkerHoldsTheIdleOnesBack() {
        polls.polledEmpty(polls.ticket());
        assertThat(polls.tryStart()).isFalse();
    }

    @Test
    void anEnqueueHeardWhileAClaimRanIsPolledForAtOnceThoughThatClaimFoundNothing() {
        polls.hearing(true);
        assertThat(polls.tryStart()).isTrue();
        long ticket = polls.ticket();
        polls.foundWork();
        polls.polledEmpty(ticket);

        assertThat(polls.nanosUntilNext()).isZero();
        assertThat(polls.tryStart()).isTrue();
    }

    @Test
    void anEnqueueHeardBeforeTheClaimBeganDoesNotCancelItsBackOff() {
        polls.hearing(true);
        polls.foundWork();
        assertThat(polls.tryStart()).isTrue();
        polls.polledEmpty(polls.ticket());

        assertThat(polls.tryStart()).isFalse();
    }

    @Test
    void afterABlockedClaimAnEnqueueDoesNotWakeTheIdleWorkersButAFullClaimDoes() {
        listeningAfterAPoll(true);

        polls.enqueued();
        assertThat(polls.tryStart()).isFalse();
        assertThat(polls.nanosUntilNext()).isGreaterThan(IdlePolls.MAX_QUIET_INTERVAL.toNanos() / 2);

        polls.foundWork();
        assertThat(polls.tryStart()).isTrue();
        polls.enqueued();
        assertThat(polls.tryStart()).isTrue();
    }

    @Test
    void afterABlockedClaimAReleasedHoldingWakesTheIdleWorkers() {
        listeningAfterAPoll(true);
        assertThat(polls.tryStart()).isFalse();

        polls.released();
        assertThat(polls.nanosUntilNext()).isZero();
        assertThat(polls.tryStart()).isTrue();
    }

    @Test
    void aHoldingReleasedWhileNoClaimWasBlockedLeavesTheBackOffAlone() {
        listeningAfterAPoll(false);

        polls.released();
        assertThat(polls.tryStart()).isFalse();
    }

    @Test
    void anEnqueueWakesTheIdleWorkersWhenNoClaimWasBlocked() {
        listeningAfterAPoll(false);
        assertThat(polls.tryStart()).isFalse();

        polls.enqueued();
        assertThat(polls.tryStart()).isTrue();
    }

    @Test
    void aFullClaimLetsTheNextIdleWorkerPollAtOnce() {
        assertThat(polls.tryStart()).isTrue();
        polls.foundWork();
        assertThat(polls.nanosUntilNext()).isZero();
        assertThat(polls.tryStart()).isTrue();
    }

    /** A listening worker that polled once and found nothing: its claim was blocked by held wallets, or the outbox was empty. */
    private void listeningAfterAPoll(boolean blocked) {
        polls.hearing(true);
        assertThat(polls.tryStart()).isTrue();
        if (blocked) {
            polls.polledBlocked();
        } else {
            polls.polledEmpty(polls.ticket());
        }
    }
}
