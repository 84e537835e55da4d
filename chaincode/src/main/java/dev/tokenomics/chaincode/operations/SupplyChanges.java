package dev.tokenomics.chaincode.operations;

import dev.tokenomics.chaincode.access.AccessPolicy;
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
        return IdempotentExecution.run(tx, mintCommand(walletId, amountText, idempotencyKey));
    }

    public static String burn(Invocation tx, String walletId, String amountText, String idempotencyKey) {
        return IdempotentExecution.run(tx, burnCommand(walletId, amountText, idempotencyKey));
    }

    static IdempotentCommand mintCommand(String walletId, String amountText, String idempotencyKey) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        long amount = ArgumentRules.amount(amountText, "amount");
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        String hash = RequestHash.of("Mint", w -> w.value(id).value(amount));
        return new IdempotentCommand(key, hash, access -> authorize(access, "Mint"), (tx, wallets, supply) -> {
            wallets.credit(id, amount);
            long newSupply;
            try {
                newSupply = Math.addExact(supply.current(), amount);
            } catch (ArithmeticException e) {
                throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "minting " + amount + " would overflow the total supply")
                        .detail("amount", amount).detail("totalSupply", supply.current()).build();
            }
            supply.set(newSupply);
            return tx.event(EventType.TokensMinted, "MINT").idempotencyKey(key)
                    .movement(new Movement(null, id, amount)).wallets(wallets.touched()).totalSupply(newSupply).build();
        });
    }

    static IdempotentCommand burnCommand(String walletId, String amountText, String idempotencyKey) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        long amount = ArgumentRules.amount(amountText, "amount");
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        String hash = RequestHash.of("Burn", w -> w.value(id).value(amount));
        return new IdempotentCommand(key, hash, access -> authorize(access, "Burn"), (tx, wallets, supply) -> {
            wallets.debit(id, amount);
            // Conservation makes supply >= any balance; a smaller supply means corrupted state, not bad input.
            long newSupply = Math.subtractExact(supply.current(), amount);
            if (newSupply < 0) {
                throw new IllegalStateException("total supply would become negative burning " + amount + " from " + id);
            }
            supply.set(newSupply);
            return tx.event(EventType.TokensBurned, "BURN").idempotencyKey(key)
                    .movement(new Movement(id, null, amount)).wallets(wallets.touched()).totalSupply(newSupply).build();
        });
    }

    private static void authorize(AccessPolicy access, String transaction) {
        access.requireInitialized();
        access.requireAdmin(transaction);
    }
}
