package dev.tokenomics.client.readmodel;

import dev.tokenomics.client.outbox.CommandStatus;
import java.time.Instant;

/**
 * What a backend's "202 Accepted, then poll" endpoint returns for a command: its {@link CommandStatus}
 * and, when FAILED, {@code reason}, the machine-readable failure code, and {@code detail}.
 */
public record CommandStatusView(long id, String idempotencyKey, String commandType, CommandStatus status, String reason, String detail,
                                String transactionId, Long blockNumber, int attempts, Instant createdAt, Instant confirmedAt) {
}
