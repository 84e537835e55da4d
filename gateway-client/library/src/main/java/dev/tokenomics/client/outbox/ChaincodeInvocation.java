package dev.tokenomics.client.outbox;

/** A chaincode transaction name and its string arguments. */
public record ChaincodeInvocation(String transactionName, String... args) {
}
