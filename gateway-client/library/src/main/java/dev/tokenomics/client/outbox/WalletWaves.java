package dev.tokenomics.client.outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a claimed batch into waves that share no wallet. The claim keeps a command away from
 * wallets written by commands already in flight, but one claim can return two commands that share
 * a wallet (a -> b and c -> b): endorsed together, one would fail MVCC validation. A worker runs
 * the waves one after the other, each committed before the next is endorsed. A command lands in
 * the wave after the last one holding any of its wallets, so commands sharing a wallet keep the
 * batch's (id) order.
 */
final class WalletWaves {
    private WalletWaves() {
    }

    static List<List<ClaimedCommand>> of(List<ClaimedCommand> batch) {
        return of(batch, WalletWaves::wallets);
    }

    /** The same for any unit of delivery (a transaction carrying several commands), given the wallets each touches. */
    static <T> List<List<T>> of(List<T> batch, Function<T, Collection<String>> walletsOf) {
        List<List<T>> waves = new ArrayList<>();
        Map<String, Integer> lastWaveOfWallet = new HashMap<>();
        for (T command : batch) {
            Collection<String> wallets = walletsOf.apply(command);
            int wave = 0;
            for (String wallet : wallets) {
                Integer last = lastWaveOfWallet.get(wallet);
                if (last != null) {
                    wave = Math.max(wave, last + 1);
                }
            }
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(command);
            for (String wallet : wallets) {
                lastWaveOfWallet.put(wallet, wave);
            }
        }
        return waves;
    }

    private static List<String> wallets(ClaimedCommand command) {
        return command.touchKey() == null ? List.of(command.orderingKey()) : List.of(command.orderingKey(), command.touchKey());
    }
}
