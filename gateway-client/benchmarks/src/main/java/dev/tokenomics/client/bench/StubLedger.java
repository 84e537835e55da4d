package dev.tokenomics.client.bench;

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

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) {
        long number = block.incrementAndGet();
        return () -> number;
    }
}
