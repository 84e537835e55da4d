package dev.tokenomics.client.projector;

/**
 * What one database transaction of the projector applied: blocks {@code firstBlock..lastBlock}, the
 * outbox commands it confirmed and those it failed (commands an ApplyCommands envelope rejected).
 */
public record AppliedBatch(long firstBlock, long lastBlock, long validTransactions, int transfers, int confirmedCommands,
                           int failedCommands) {
    /** The checkpoint after this batch: the next block to apply. */
    public long nextBlock() {
        return lastBlock + 1;
    }

    public long blocks() {
        return lastBlock - firstBlock + 1;
    }
}
