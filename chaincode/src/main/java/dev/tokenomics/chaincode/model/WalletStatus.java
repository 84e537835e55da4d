package dev.tokenomics.chaincode.model;

/** A FROZEN wallet neither sends nor receives. */
public enum WalletStatus {
    ACTIVE,
    FROZEN
}
