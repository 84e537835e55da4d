package dev.tokenomics.client.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.client.outbox.ClaimedCommand;
import dev.tokenomics.client.outbox.CommandLedger;
import dev.tokenomics.client.outbox.PreparedTransaction;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ledger that endorses and commits instantly, so the outbox benchmark measures PostgreSQL alone.
 * Its transaction bytes have a realistic size so storing them costs what it costs with Fabric.
 */
final class StubLedger implements CommandLedger {
    private final byte[] bytes;
    private final AtomicLong block = new AtomicLong();

    StubLedger(int transactionBytes) {
        this.bytes = new byte[transactionBytes];
    }

    @Override
    public PreparedTransaction endorse(ClaimedCommand command) {
        return new PreparedTransaction(UUID.randomUUID().toString(), bytes);
    }

    /** Every command of the envelope applies: the benchmark measures the outbox's own work, not the chaincode's. */
    @Override
    public PreparedTransaction endorseEnvelope(String envelopeJson) {
        JsonArray commands = JsonParser.parseString(envelopeJson).getAsJsonObject().getAsJsonArray("commands");
        JsonArray outcomes = new JsonArray();
        for (int position = 0; position < commands.size(); position++) {
            JsonObject outcome = new JsonObject();
            outcome.addProperty("position", position);
            outcome.addProperty("outcome", "APPLIED");
            outcomes.add(outcome);
        }
        JsonObject result = new JsonObject();
        result.add("commands", outcomes);
        return new PreparedTransaction(UUID.randomUUID().toString(), bytes, result.toString());
    }

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) {
        long number = block.incrementAndGet();
        return () -> number;
    }
}
