package dev.tokenomics.client.outbox;

/**
 * A command was refused before anything was written; {@link #reason()} is machine-readable and
 * {@link #field()} names the offending part of the command when there is one.
 */
public final class InvalidCommandException extends RuntimeException {
    public enum Reason {
        UNKNOWN_COMMAND_TYPE,
        MALFORMED_PAYLOAD,
        INVALID_ARGUMENT,
        IDEMPOTENCY_KEY_REUSED
    }

    private final Reason reason;
    private final String field;

    public InvalidCommandException(Reason reason, String message) {
        this(reason, null, message);
    }

    /** {@code field}: tenantId, idempotencyKey, orderingKey, or a payload field such as {@code amount} or {@code transfers[3].toId}. */
    public InvalidCommandException(Reason reason, String field, String message) {
        super(reason + ": " + message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The offending field, or null when the command as a whole is wrong (unknown type, unparsable payload, reused key). */
    public String field() {
        return field;
    }
}
