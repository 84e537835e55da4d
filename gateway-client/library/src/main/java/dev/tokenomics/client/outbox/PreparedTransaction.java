package dev.tokenomics.client.outbox;

/** An endorsed, signed transaction not yet ordered: its id and the bytes to (re)submit it. */
public record PreparedTransaction(String transactionId, byte[] bytes) {
}
