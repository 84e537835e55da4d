package dev.tokenomics.devnet.system;

/**
 * A chaincode the devnet runs: committed on its channel at sequence 1 with Fabric's default
 * plugins and policy, and installed on its peer under {@code packageId} ({@code label:...}).
 */
public record DefinedChaincode(String name, String version, String packageId) {

    /** The package label: what precedes the first ':' of the package id. */
    String label() {
        int colon = packageId.indexOf(':');
        return colon < 0 ? packageId : packageId.substring(0, colon);
    }
}
