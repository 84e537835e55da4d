package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WalletWavesTest {

    private static ClaimedCommand transfer(long id, String from, String to) {
        return new ClaimedCommand(id, "t", "TRANSFER", "{}", "k" + id, "wallet:" + from, to == null ? null : "wallet:" + to,
                1, 0, java.time.Duration.ZERO, null, null);
    }

    private static List<List<Long>> ids(List<List<ClaimedCommand>> waves) {
        return waves.stream().map(wave -> wave.stream().map(ClaimedCommand::id).toList()).toList();
    }

    @Test
    void commandsSharingNoWalletRunTogether() {
        assertThat(ids(WalletWaves.of(List.of(transfer(1, "a", "b"), transfer(2, "c", "d"), transfer(3, "e", null)))))
                .containsExactly(List.of(1L, 2L, 3L));
    }

    @Test
    void commandsSharingAWalletEitherWayRunOneAfterTheOtherInBatchOrder() {
        List<ClaimedCommand> batch = List.of(
                transfer(1, "a", "b"),
                transfer(2, "c", "b"), // into the same wallet
                transfer(3, "b", "d"), // out of it
                transfer(4, "e", "f"), // unrelated: first wave
                transfer(5, "d", "a")); // after 3 (d) and 1 (a)
        assertThat(ids(WalletWaves.of(batch))).containsExactly(List.of(1L, 4L), List.of(2L), List.of(3L), List.of(5L));
    }

    @Test
    void anEmptyBatchHasNoWave() {
        assertThat(WalletWaves.of(List.of())).isEmpty();
    }
}
