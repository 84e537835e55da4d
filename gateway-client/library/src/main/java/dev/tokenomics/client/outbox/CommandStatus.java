package dev.tokenomics.client.outbox;

/**
 * Where a command is, as a caller sees it. The outbox stores one more step, {@code COMMITTED}
 * (valid on the ledger, not yet in the read model), which callers see as {@link #PROCESSING}: a
 * command is done for them only once the read model shows its effect.
 *
 * <p>Who moves a command: {@code Outbox.enqueue} creates it PENDING; a submitter worker claims it
 * (PROCESSING), marks it COMMITTED once its transaction is valid, FAILED on a definitive
 * rejection, or gives it back (PENDING) to retry; the projector marks it CONFIRMED, or FAILED,
 * in the same database transaction that applies the block holding it.
 */
public enum CommandStatus {
    PENDING,
    PROCESSING,
    CONFIRMED,
    FAILED;

    /** The status stored only in the outbox, between the ledger's commit and the projector's. */
    static final String COMMITTED = "COMMITTED";

    /** The caller's view of a value of {@code outbox_command.status}. */
    public static CommandStatus fromStored(String stored) {
        if (COMMITTED.equals(stored)) {
            return PROCESSING;
        }
        for (CommandStatus status : values()) {
            if (status.name().equals(stored)) {
                return status;
            }
        }
        throw new IllegalArgumentException("not an outbox_command status: " + stored);
    }

    /** Whether the command will not move again. */
    public boolean terminal() {
        return this == CONFIRMED || this == FAILED;
    }
}
