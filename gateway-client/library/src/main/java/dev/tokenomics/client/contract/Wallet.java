package dev.tokenomics.client.contract;

/** A wallet as the chaincode stores it (GetWallet, ListWallets, GetWalletHistory). */
public record Wallet(String walletId, String owner, long balance, WalletStatus status) {
}
