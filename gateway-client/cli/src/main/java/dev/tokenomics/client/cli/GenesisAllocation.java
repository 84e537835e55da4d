package dev.tokenomics.client.cli;

import com.google.gson.JsonObject;

/** One wallet of a genesis: created with {@code amount} for {@code owner}. */
record GenesisAllocation(String walletId, String owner, long amount) {

    JsonObject toJson() {
        JsonObject allocation = new JsonObject();
        allocation.addProperty("walletId", walletId);
        allocation.addProperty("owner", owner);
        allocation.addProperty("amount", amount);
        return allocation;
    }
}
