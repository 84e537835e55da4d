package dev.tokenomics.client.contract;

import java.util.List;

/** One page of ListWallets in key order; {@code bookmark} asks for the next page and is empty after the last. */
public record WalletPage(List<Wallet> wallets, String bookmark) {
    public WalletPage {
        wallets = List.copyOf(wallets);
    }

    public boolean last() {
        return bookmark.isEmpty();
    }
}
