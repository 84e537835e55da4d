package dev.tokenomics.chaincode.operations;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.idempotency.RequestHash;
import dev.tokenomics.chaincode.model.Movement;
import dev.tokenomics.rules.ArgumentRules;

/**
 * Mint and Burn: admin only, idempotent by key. Both read the total supply key, so two concurrent
 * supply changes cannot both commit against the same supply.
 */
public final class SupplyChanges {

    private SupplyChanges() {
    }

    public static String mint(Invocation tx, String walletId, String amountText, String idempotencyKey) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        long amount = ArgumentRules.amount(amountText, "amount");
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        String hash = RequestHash.of("Mint", w -> w.value(id).value(amount));
        return IdempotentExecution.run(tx, key, hash, () -> authorize(tx, "Mint"), () -> {
            WalletWorkingSet wallets = new WalletWorkingSet(tx.state());
            wallets.credit(id, amount);
            long supply = tx.state().totalSupply();
            long newSupply;
            try {
                newSupply = Math.addExact(supply, amount);
            } catch (ArithmeticException e) {
                throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "minting " + amount + " would overflow the total supply")
                        .detail("amount", amount).detail("totalSupply", supply).build();
            }
            wallets.writeAll();
            tx.state().putTotalSupply(newSupply);
            return tx.event(EventType.TokensMinted, "MINT").idempotencyKey(key)
                    .movement(new Movement(null, id, amount)).wallets(wallets.touched()).totalSupply(newSupply).build();
        });
    }

    public static String burn(Invocation tx, String walletId, String amountText, String idempotencyKey) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        long amount = ArgumentRules.amount(amountText, "amount");
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        String hash = RequestHash.of("Burn", w -> w.value(id).value(amount));
        return IdempotentExecution.run(tx, key, hash, () -> authorize(tx, "Burn"), () -> {
            WalletWorkingSet wallets = new WalletWorkingSet(tx.state());
            wallets.debit(id, amount);
            // Conservation makes supply >= any balance; a smaller supply means corrupted state, not bad input.
            long newSupply = Math.subtractExact(tx.state().totalSupply(), amount);
            if (newSupply < 0) {
                throw new IllegalStateException("total supply would become negative burning " + amount + " from " + id);
            }
            wallets.writeAll();
            tx.state().putTotalSupply(newSupply);
            return tx.event(EventType.TokensBurned, "BURN").idempotencyKey(key)
                    .movement(new Movement(id, null, amount)).wallets(wallets.touched()).totalSupply(newSupply).build();
        });
    }

    private static void authorize(Invocation tx, String transaction) {
        tx.access().requireInitialized();
        tx.access().requireAdmin(transaction);
    }
}
