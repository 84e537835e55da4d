package dev.tokenomics.client.projector;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.TokenomicsContract;
import java.util.Map;
import java.util.TreeMap;

/** The ledger's side of a reconcile: every wallet (paged ListWallets) and GetTotalSupply. */
record WorldState(Map<String, Wallet> wallets, long totalSupply) {
    public record Wallet(String walletId, String owner, long balance, String status) {
    }

    public static WorldState read(TokenomicsContract contract) throws LedgerException {
        Map<String, Wallet> wallets = new TreeMap<>();
        String bookmark = "";
        do {
            JsonObject page = JsonParser.parseString(contract.listWallets(1000, bookmark)).getAsJsonObject();
            for (JsonElement element : page.getAsJsonArray("wallets")) {
                JsonObject w = element.getAsJsonObject();
                wallets.put(w.get("walletId").getAsString(), new Wallet(w.get("walletId").getAsString(),
                        w.get("owner").getAsString(), w.get("balance").getAsLong(), w.get("status").getAsString()));
            }
            JsonElement next = page.get("bookmark");
            bookmark = next == null || next.isJsonNull() ? "" : next.getAsString();
        } while (!bookmark.isEmpty());
        long supply = JsonParser.parseString(contract.getTotalSupply()).getAsJsonObject().get("totalSupply").getAsLong();
        return new WorldState(wallets, supply);
    }
}
