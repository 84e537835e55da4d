package dev.tokenomics.client.contract;

/**
 * GetOperation: what the ledger remembers under an idempotency key. {@code resultJson} is the
 * applying transaction's chaincode event payload (schema v1 JSON), for the event parser
 * ({@code projector.LedgerEvent.parse}) to read.
 */
public record OperationRecord(String idempotencyKey, String requestHash, String txId, String resultJson) {
}
