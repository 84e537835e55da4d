package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;

/**
 * The ledger is not the chain this read model follows: another genesis block (a re-created channel,
 * a fresh devnet), a block whose previous_hash is not the last applied block's hash, or a ledger
 * that lacks blocks already applied. Waiting cannot fix it, so the projector (and the submitter)
 * stop with a distinct exit code; the message names the fixes.
 */
public final class LedgerMismatchException extends RuntimeException {
    private static final String FIX = " Fix: point this deployment at a new database schema (--db-schema), or, if the ledger was reset on"
            + " purpose, rebuild this tenant's read model from block 0 with `projector --rebuild` (the outbox is kept).";

    private LedgerMismatchException(String message) {
        super(message + FIX);
    }

    static LedgerMismatchException otherGenesis(String tenantId, String channel, ByteString recorded, ByteString found) {
        return new LedgerMismatchException("channel " + channel + " has another genesis block than the one tenant " + tenantId
                + "'s read model follows (recorded " + BlockHash.hex(recorded) + ", the ledger has " + BlockHash.hex(found) + ").");
    }

    static LedgerMismatchException brokenChain(String tenantId, String channel, long block, ByteString expected, ByteString found) {
        return new LedgerMismatchException("block " + block + " of channel " + channel + " does not follow the last block tenant "
                + tenantId + "'s read model applied (its previous_hash is " + BlockHash.hex(found) + ", the applied block's hash is "
                + BlockHash.hex(expected) + ").");
    }

    static LedgerMismatchException missingBlocks(String tenantId, String channel, long nextBlock) {
        return new LedgerMismatchException("the peer answers NOT_FOUND for block " + nextBlock + " of channel " + channel
                + ": the ledger is shorter than tenant " + tenantId + "'s checkpoint, so block " + (nextBlock - 1)
                + ", already applied, is not on it (a reset ledger, or a peer restored from an older copy or still catching up).");
    }
}
