package dev.tokenomics.client.projector;

import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.contract.Wallet;
import dev.tokenomics.client.contract.WalletPage;
import java.util.Map;
import java.util.TreeMap;

/** The ledger's side of a reconcile: every wallet (paged ListWallets) and GetTotalSupply. */
record WorldState(Map<String, Wallet> wallets, long totalSupply) {
    public static WorldState read(TokenomicsContract contract) throws LedgerException {
        Map<String, Wallet> wallets = new TreeMap<>();
        String bookmark = "";
        WalletPage page;
        do {
            page = contract.listWallets(1000, bookmark);
            page.wallets().forEach(wallet -> wallets.put(wallet.walletId(), wallet));
            bookmark = page.bookmark();
        } while (!page.last());
        return new WorldState(wallets, contract.getTotalSupply());
    }
}
