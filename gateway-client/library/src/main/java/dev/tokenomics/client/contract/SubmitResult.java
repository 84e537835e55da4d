package dev.tokenomics.client.contract;

import java.nio.charset.StandardCharsets;

/** A transaction committed VALID: its id, block and the chaincode's result. */
public record SubmitResult(String transactionId, long blockNumber, byte[] result) {
    public String resultText() {
        return new String(result, StandardCharsets.UTF_8);
    }
}
