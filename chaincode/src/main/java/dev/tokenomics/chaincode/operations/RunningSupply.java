package dev.tokenomics.chaincode.operations;

import java.util.function.LongSupplier;

/**
 * The total supply as a transaction changes it: read from its source only when a command needs it
 * (a transfer never reads the supply key, so it does not conflict with every mint), then kept in
 * memory, because GetState does not see the transaction's own writes.
 */
final class RunningSupply {
    private final LongSupplier source;
    private Long value;
    private boolean changed;

    RunningSupply(LongSupplier source) {
        this.source = source;
    }

    long current() {
        if (value == null) {
            value = source.getAsLong();
        }
        return value;
    }

    void set(long newSupply) {
        value = newSupply;
        changed = true;
    }

    boolean changed() {
        return changed;
    }
}
