package dev.tokenomics.client.bench;

import com.google.gson.stream.JsonReader;
import dev.tokenomics.client.outbox.ClaimedCommand;
import dev.tokenomics.client.outbox.CommandLedger;
import dev.tokenomics.client.outbox.PreparedTransaction;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
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

    /**
     * Every command of the envelope applies: the benchmark measures the outbox's own work, not the
     * chaincode's, so the stub only counts the items (streaming, no tree: building one was an eighth
     * of the submitter's JVM time in this benchmark) and writes the result as text.
     */
    @Override
    public PreparedTransaction endorseEnvelope(String envelopeJson) {
        StringBuilder result = new StringBuilder(envelopeJson.length() / 4).append("{\"commands\":[");
        try (JsonReader reader = new JsonReader(new StringReader(envelopeJson))) {
            reader.beginObject();
            while (reader.hasNext()) {
                if (!reader.nextName().equals("commands")) {
                    reader.skipValue();
                    continue;
                }
                reader.beginArray();
                for (int position = 0; reader.hasNext(); position++) {
                    reader.skipValue();
                    result.append(position == 0 ? "" : ",").append("{\"position\":").append(position).append(",\"outcome\":\"APPLIED\"}");
                }
                reader.endArray();
            }
            reader.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("reading an envelope", e);
        }
        return new PreparedTransaction(UUID.randomUUID().toString(), bytes, result.append("]}").toString());
    }

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) {
        long number = block.incrementAndGet();
        return () -> number;
    }
}
