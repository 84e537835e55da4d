package dev.tokenomics.client.outbox;

/**
 * What {@link Outbox#enqueueEach} did with one command: stored it (or found it stored under its key),
 * or refused it ({@code refusal}, what {@link Outbox#enqueue} would have thrown for it alone).
 */
public record EnqueueOutcome(EnqueuedCommand command, InvalidCommandException refusal) {
    static EnqueueOutcome stored(EnqueuedCommand command) {
        return new EnqueueOutcome(command, null);
    }

    static EnqueueOutcome refused(InvalidCommandException refusal) {
        return new EnqueueOutcome(null, refusal);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
