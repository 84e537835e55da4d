package dev.tokenomics.client.contract;

import java.time.Instant;

/**
 * One committed version of a wallet from GetWalletHistory (Fabric's history database): the
 * transaction that wrote it, that transaction's time, and the wallet it left (null if it deleted it).
 */
public record WalletVersion(String txId, Instant txTimestamp, boolean deleted, Wallet wallet) {
}
