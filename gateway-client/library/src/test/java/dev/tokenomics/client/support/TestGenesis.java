package dev.tokenomics.client.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.TokenomicsContract;
import java.util.Map;

/** The token the end-to-end tests start from: initialized with the caller's MSP as admin and operator, and its genesis. */
public final class TestGenesis {
    private TestGenesis() {
    }

    /** Initializes the token and gives each wallet of {@code balances} (in its order) its balance, all owned by {@code owner}. */
    public static void distribute(TokenomicsContract contract, String owner, Map<String, Long> balances) throws LedgerException {
        contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
        JsonArray allocations = new JsonArray();
        balances.forEach((walletId, amount) -> {
            JsonObject allocation = new JsonObject();
            allocation.addProperty("walletId", walletId);
            allocation.addProperty("owner", owner);
            allocation.addProperty("amount", amount);
            allocations.add(allocation);
        });
        JsonObject genesis = new JsonObject();
        genesis.add("allocations", allocations);
        contract.distributeGenesis(genesis.toString());
    }
}
