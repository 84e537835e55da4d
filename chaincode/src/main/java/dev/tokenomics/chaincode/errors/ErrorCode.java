package dev.tokenomics.chaincode.errors;

/**
 * Stable business rejection codes. The enum names are the wire strings: they start the
 * {@code ChaincodeException} message and fill the {@code code} field of its JSON payload, so clients
 * branch on them without parsing prose. Every code is a permanent rejection of that request; a
 * transient failure (MVCC conflict, timeout) never carries one of these codes.
 */
public enum ErrorCode {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    ALREADY_INITIALIZED,
    INSUFFICIENT_FUNDS,
    WALLET_FROZEN,
    UNAUTHORIZED,
    IDEMPOTENCY_KEY_REUSED,
    GENESIS_ALREADY_DONE
}
