package dev.tokenomics.client.contract;

/** A chaincode's definition committed on the channel ({@code _lifecycle}): what runs, at which version and sequence. */
public record ChaincodeDefinition(String name, String version, long sequence) {
}
