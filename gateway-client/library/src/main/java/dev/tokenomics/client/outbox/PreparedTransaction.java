package dev.tokenomics.client.outbox;

/**
 * An endorsed, signed transaction not yet ordered: its id, the bytes to (re)submit it, and for an
 * ApplyCommands envelope its endorsement result (each command's outcome if it commits VALID; null otherwise).
 */
public record PreparedTransaction(String transactionId, byte[] bytes, String result) {
    public PreparedTransaction(String transactionId, byte[] bytes) {
        this(transactionId, bytes, null);
    }
}
