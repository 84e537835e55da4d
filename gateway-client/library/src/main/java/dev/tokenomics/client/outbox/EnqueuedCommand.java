package dev.tokenomics.client.outbox;

/** The command stored for an idempotency key; {@code created} is false when the key already existed. */
public record EnqueuedCommand(long id, CommandStatus status, boolean created) {
}
