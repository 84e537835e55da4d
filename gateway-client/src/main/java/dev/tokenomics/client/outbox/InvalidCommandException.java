package dev.tokenomics.client.outbox;

/** A command was refused before anything was written; {@link #reason()} is machine-readable. */
public final class InvalidCommandException extends RuntimeException {
    public enum Reason {
        UNKNOWN_COMMAND_TYPE,
        MALFORMED_PAYLOAD,
        INVALID_ARGUMENT,
        IDEMPOTENCY_KEY_REUSED
    }

    private final Reason reason;

    public InvalidCommandException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
