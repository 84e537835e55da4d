package dev.tokenomics.chaincode.operations;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.model.Movement;
import dev.tokenomics.chaincode.model.Wallet;
import dev.tokenomics.chaincode.state.WorldState;

/**
 * The wallets one transaction touches, each read from the ledger once (so its key is in the read
 * set) and then changed in memory: GetState does not see the transaction's own writes, so a batch
 * that moves funds through one wallet twice must work on this copy. Written back sorted by id.
 * One command of an ApplyCommands envelope works on its own set whose source is the envelope's
 * {@link RunningWallets}, so it sees the commands before it and is dropped whole if it is rejected.
 */
final class WalletWorkingSet {
    private final Function<String, Optional<Wallet>> source;
    private final Map<String, Wallet> wallets = new TreeMap<>();

    WalletWorkingSet(WorldState state) {
        this(state::wallet);
    }

    /** Loads each wallet from {@code source} (a wallet's current state, empty if it does not exist). */
    WalletWorkingSet(Function<String, Optional<Wallet>> source) {
        this.source = source;
    }

    /** Reads the wallet (once) or rejects with NOT_FOUND. */
    Wallet load(String walletId) {
        Wallet wallet = wallets.get(walletId);
        if (wallet == null) {
            wallet = source.apply(walletId).orElseThrow(() -> notFound(walletId));
            wallets.put(walletId, wallet);
        }
        return wallet;
    }

    /** Applies a wallet-to-wallet movement after checking both are ACTIVE and the sender covers it. */
    void transfer(Movement m) {
        Wallet from = load(m.fromId());
        Wallet to = load(m.toId());
        requireActive(from);
        requireActive(to);
        requireFunds(from, m.amount());
        wallets.put(from.walletId(), from.withBalance(from.balance() - m.amount()));
        wallets.put(to.walletId(), to.withBalance(credit(to, m.amount())));
    }

    /** Mint: credits an ACTIVE wallet. */
    void credit(String walletId, long amount) {
        Wallet wallet = load(walletId);
        requireActive(wallet);
        wallets.put(walletId, wallet.withBalance(credit(wallet, amount)));
    }

    /** Burn: debits an ACTIVE wallet that covers the amount. */
    void debit(String walletId, long amount) {
        Wallet wallet = load(walletId);
        requireActive(wallet);
        requireFunds(wallet, amount);
        wallets.put(walletId, wallet.withBalance(wallet.balance() - amount));
    }

    /** The touched wallets in their new state, sorted by id. */
    Collection<Wallet> touched() {
        return wallets.values();
    }

    void writeAll(WorldState state) {
        for (Wallet wallet : wallets.values()) {
            state.putWallet(wallet);
        }
    }

    static long credit(Wallet wallet, long amount) {
        try {
            return Math.addExact(wallet.balance(), amount);
        } catch (ArithmeticException e) {
            throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "crediting " + amount + " would overflow the balance of wallet " + wallet.walletId())
                    .detail("walletId", wallet.walletId()).detail("amount", amount).build();
        }
    }

    static LedgerRejection notFound(String walletId) {
        return LedgerRejection.of(ErrorCode.NOT_FOUND, "wallet " + walletId + " does not exist")
                .detail("walletId", walletId).build();
    }

    private static void requireActive(Wallet wallet) {
        if (!wallet.isActive()) {
            throw LedgerRejection.of(ErrorCode.WALLET_FROZEN, "wallet " + wallet.walletId() + " is frozen")
                    .detail("walletId", wallet.walletId()).build();
        }
    }

    private static void requireFunds(Wallet wallet, long amount) {
        if (wallet.balance() < amount) {
            throw LedgerRejection.of(ErrorCode.INSUFFICIENT_FUNDS,
                    "wallet " + wallet.walletId() + " holds " + wallet.balance() + ", needs " + amount)
                    .detail("walletId", wallet.walletId()).detail("balance", wallet.balance())
                    .detail("amount", amount).build();
        }
    }
}
