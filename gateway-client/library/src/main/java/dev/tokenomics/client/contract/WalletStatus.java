package dev.tokenomics.client.contract;

/** A wallet's status on the ledger; names are the chaincode's wire strings. A FROZEN wallet neither sends nor receives. */
public enum WalletStatus {
    ACTIVE,
    FROZEN
}
