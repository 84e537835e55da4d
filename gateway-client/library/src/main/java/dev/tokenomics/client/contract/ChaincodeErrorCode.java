package dev.tokenomics.client.contract;

import java.util.Optional;

/** The chaincode's business error codes; names are the wire strings of the error contract. */
public enum ChaincodeErrorCode {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    ALREADY_INITIALIZED,
    INSUFFICIENT_FUNDS,
    WALLET_FROZEN,
    UNAUTHORIZED,
    IDEMPOTENCY_KEY_REUSED,
    GENESIS_ALREADY_DONE;

    public static Optional<ChaincodeErrorCode> fromWire(String name) {
        for (ChaincodeErrorCode code : values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
