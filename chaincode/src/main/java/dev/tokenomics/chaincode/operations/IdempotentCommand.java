package dev.tokenomics.chaincode.operations;

import java.util.function.Consumer;

import dev.tokenomics.chaincode.access.AccessPolicy;
import dev.tokenomics.chaincode.events.LedgerEvent;

/**
 * One balance-changing command that runs at most once per idempotency key, with its arguments
 * already checked: Mint, Burn, TransferInternal or BatchTransfer, whether it arrives as its own
 * transaction or as an item of an ApplyCommands envelope. Both paths hash, authorise and apply it
 * through this one definition, so a key first used by one path replays on the other.
 */
final class IdempotentCommand {

    /** Checks the command against working copies and changes them; the runner writes them. */
    @FunctionalInterface
    interface Effect {
        LedgerEvent apply(Invocation tx, WalletWorkingSet wallets, RunningSupply supply);
    }

    private final String idempotencyKey;
    private final String requestHash;
    private final Consumer<AccessPolicy> authorize;
    private final Effect effect;

    /**
     * @param requestHash the {@link dev.tokenomics.chaincode.idempotency.RequestHash} of the single
     *                    transaction's canonical request
     * @param authorize   throws the rejection if the caller may not run the command
     */
    IdempotentCommand(String idempotencyKey, String requestHash, Consumer<AccessPolicy> authorize, Effect effect) {
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.authorize = authorize;
        this.effect = effect;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    String requestHash() {
        return requestHash;
    }

    void authorize(Invocation tx) {
        authorize.accept(tx.access());
    }

    LedgerEvent apply(Invocation tx, WalletWorkingSet wallets, RunningSupply supply) {
        return effect.apply(tx, wallets, supply);
    }
}
