package dev.tokenomics.client.readmodel;

import java.time.Instant;

/**
 * What a backend's "202 Accepted, then poll" endpoint returns for a command. {@code status} is one of
 * PENDING, PROCESSING, CONFIRMED, FAILED (a command committed on the ledger but not yet in the read
 * model is still PROCESSING); {@code reason} is the machine-readable failure code.
 */
public record CommandStatusView(long id, String idempotencyKey, String commandType, String status, String reason, String detail,
                                String transactionId, Long blockNumber, int attempts, Instant createdAt, Instant confirmedAt) {

    static String publicStatus(String stored) {
        return "COMMITTED".equals(stored) ? "PROCESSING" : stored;
    }
}
