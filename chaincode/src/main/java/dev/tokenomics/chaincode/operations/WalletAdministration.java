package dev.tokenomics.chaincode.operations;

import java.util.Optional;
import java.util.logging.Logger;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.model.Wallet;
import dev.tokenomics.chaincode.model.WalletStatus;
import dev.tokenomics.rules.ArgumentRules;

/** CreateWallet, FreezeWallet, UnfreezeWallet. */
public final class WalletAdministration {
    private static final Logger LOG = Logger.getLogger(WalletAdministration.class.getName());

    private WalletAdministration() {
    }

    /**
     * Creates an ACTIVE wallet with balance 0. Repeating the same call returns the same wallet and
     * writes nothing (its event repeats WalletCreated with the wallet's current state, which a read
     * model applies as an idempotent upsert); another owner for an existing id is ALREADY_EXISTS.
     */
    public static String create(Invocation tx, String walletId, String owner) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        String ownerId = ArgumentRules.owner(owner);
        tx.access().requireInitialized();
        tx.access().requireOperatorOrAdmin("CreateWallet");
        Optional<Wallet> existing = tx.state().wallet(id);
        Wallet wallet;
        if (existing.isPresent()) {
            wallet = existing.get();
            if (!wallet.owner().equals(ownerId)) {
                throw LedgerRejection.of(ErrorCode.ALREADY_EXISTS, "wallet " + id + " already exists with another owner")
                        .detail("walletId", id).build();
            }
        } else {
            wallet = Wallet.open(id, ownerId, 0L);
            tx.state().putWallet(wallet);
            LOG.fine(() -> "tx " + tx.txId() + ": created wallet " + id);
        }
        tx.state().emit(tx.event(EventType.WalletCreated, "CREATE_WALLET").wallet(wallet).build());
        return wallet.toJson();
    }

    public static String freeze(Invocation tx, String walletId, String reason) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        String why = ArgumentRules.freezeReason(reason);
        return changeStatus(tx, id, WalletStatus.FROZEN, "FreezeWallet", why);
    }

    public static String unfreeze(Invocation tx, String walletId) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        return changeStatus(tx, id, WalletStatus.ACTIVE, "UnfreezeWallet", null);
    }

    private static String changeStatus(Invocation tx, String id, WalletStatus status, String transaction, String reason) {
        tx.access().requireAdmin(transaction);
        Wallet wallet = tx.state().wallet(id).orElseThrow(() -> WalletWorkingSet.notFound(id)).withStatus(status);
        tx.state().putWallet(wallet);
        boolean freezing = status == WalletStatus.FROZEN;
        LedgerEvent event = tx.event(freezing ? EventType.WalletFrozen : EventType.WalletUnfrozen,
                freezing ? "FREEZE" : "UNFREEZE").wallet(wallet).reason(reason).build();
        tx.state().emit(event);
        LOG.info(() -> "tx " + tx.txId() + ": " + transaction + " " + id + (reason == null ? "" : " (" + reason + ")"));
        return event.toJson();
    }
}
