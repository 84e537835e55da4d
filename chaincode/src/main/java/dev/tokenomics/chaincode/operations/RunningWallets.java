package dev.tokenomics.chaincode.operations;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.tokenomics.chaincode.model.Wallet;
import dev.tokenomics.chaincode.state.WorldState;

/**
 * The wallets of an ApplyCommands transaction as its applied commands leave them. Each wallet is
 * read from the ledger at most once (its key lands in the read set even when only a rejected
 * command looked at it); a command works on its own {@link WalletWorkingSet} over this one and is
 * absorbed only if it applies, so a rejected command changes nothing. Only wallets an applied
 * command changed are written, once each, sorted by id.
 */
final class RunningWallets {
    private final WorldState state;
    // Lookup only (never iterated), so a hash map cannot leak an order into the write set.
    private final Map<String, Optional<Wallet>> read = new HashMap<>();
    private final Map<String, Wallet> changed = new TreeMap<>();

    RunningWallets(WorldState state) {
        this.state = state;
    }

    /** The wallet as the commands applied so far left it; empty if it does not exist. */
    Optional<Wallet> current(String walletId) {
        Wallet wallet = changed.get(walletId);
        if (wallet != null) {
            return Optional.of(wallet);
        }
        return read.computeIfAbsent(walletId, state::wallet);
    }

    /** A working set for the next command, seeing every command applied before it. */
    WalletWorkingSet forNextCommand() {
        return new WalletWorkingSet(this::current);
    }

    /** Keeps an applied command's wallets. */
    void absorb(WalletWorkingSet applied) {
        for (Wallet wallet : applied.touched()) {
            changed.put(wallet.walletId(), wallet);
        }
    }

    void writeChanged() {
        for (Wallet wallet : changed.values()) {
            state.putWallet(wallet);
        }
    }
}
