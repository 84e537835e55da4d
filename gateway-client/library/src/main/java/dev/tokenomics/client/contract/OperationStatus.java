package dev.tokenomics.client.contract;

/** IsOperationProcessed: whether an idempotency key was applied, and by which transaction (null if not). */
public record OperationStatus(String idempotencyKey, boolean processed, String txId) {
}
