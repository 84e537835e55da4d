package dev.tokenomics.client.readmodel;

/** A wallet as projected: balance and status after the last applied block, and how many txs changed it. */
public record WalletView(String walletId, String ownerId, long balance, String status, String freezeReason, long version) {
}
