package dev.tokenomics.chaincode;

import java.util.function.Supplier;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.contract.annotation.Transaction.TYPE;

import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.operations.CoalescedCommands;
import dev.tokenomics.chaincode.operations.Genesis;
import dev.tokenomics.chaincode.operations.Initialization;
import dev.tokenomics.chaincode.operations.Invocation;
import dev.tokenomics.chaincode.operations.Queries;
import dev.tokenomics.chaincode.operations.SupplyChanges;
import dev.tokenomics.chaincode.operations.Transfers;
import dev.tokenomics.chaincode.operations.WalletAdministration;
import dev.tokenomics.chaincode.state.WorldState;
import dev.tokenomics.rules.InvalidArgumentException;

/**
 * The token ledger's transactions, by their wire names. Every argument is a String and every
 * result a canonical JSON String written by the chaincode itself, so the contract API's serializer
 * never decides field order. Rules live in {@code operations} and {@code dev.tokenomics.rules}; this class
 * only routes, and maps a broken argument rule to its {@code INVALID_ARGUMENT} rejection.
 */
@Contract(name = "TokenomicsContract",
        info = @Info(title = "Tokenomics", description = "Token ledger with MVCC-safe balances and idempotent commands", version = "1"))
@Default
public final class TokenomicsContract implements ContractInterface {

    @Transaction(name = "Initialize", intent = TYPE.SUBMIT)
    public String initialize(Context ctx, String configJson) {
        return answer(() -> Initialization.initialize(tx(ctx), configJson));
    }

    @Transaction(name = "DistributeGenesis", intent = TYPE.SUBMIT)
    public String distributeGenesis(Context ctx, String allocationsJson) {
        return answer(() -> Genesis.distribute(tx(ctx), allocationsJson));
    }

    @Transaction(name = "CreateWallet", intent = TYPE.SUBMIT)
    public String createWallet(Context ctx, String walletId, String owner) {
        return answer(() -> WalletAdministration.create(tx(ctx), walletId, owner));
    }

    @Transaction(name = "Mint", intent = TYPE.SUBMIT)
    public String mint(Context ctx, String walletId, String amount, String idempotencyKey) {
        return answer(() -> SupplyChanges.mint(tx(ctx), walletId, amount, idempotencyKey));
    }

    @Transaction(name = "Burn", intent = TYPE.SUBMIT)
    public String burn(Context ctx, String walletId, String amount, String idempotencyKey) {
        return answer(() -> SupplyChanges.burn(tx(ctx), walletId, amount, idempotencyKey));
    }

    @Transaction(name = "Transfer", intent = TYPE.SUBMIT)
    public String transfer(Context ctx, String fromId, String toId, String amount) {
        return answer(() -> Transfers.transfer(tx(ctx), fromId, toId, amount));
    }

    @Transaction(name = "TransferInternal", intent = TYPE.SUBMIT)
    public String transferInternal(Context ctx, String fromId, String toId, String amount, String txType,
                                   String remark, String idempotencyKey) {
        return answer(() -> Transfers.transferInternal(tx(ctx), fromId, toId, amount, txType, remark, idempotencyKey));
    }

    @Transaction(name = "BatchTransfer", intent = TYPE.SUBMIT)
    public String batchTransfer(Context ctx, String transfersJson, String idempotencyKey) {
        return answer(() -> Transfers.batchTransfer(tx(ctx), transfersJson, idempotencyKey));
    }

    @Transaction(name = "ApplyCommands", intent = TYPE.SUBMIT)
    public String applyCommands(Context ctx, String commandsJson) {
        return answer(() -> CoalescedCommands.apply(tx(ctx), commandsJson));
    }

    @Transaction(name = "FreezeWallet", intent = TYPE.SUBMIT)
    public String freezeWallet(Context ctx, String walletId, String reason) {
        return answer(() -> WalletAdministration.freeze(tx(ctx), walletId, reason));
    }

    @Transaction(name = "UnfreezeWallet", intent = TYPE.SUBMIT)
    public String unfreezeWallet(Context ctx, String walletId) {
        return answer(() -> WalletAdministration.unfreeze(tx(ctx), walletId));
    }

    @Transaction(name = "GetWallet", intent = TYPE.EVALUATE)
    public String getWallet(Context ctx, String walletId) {
        return answer(() -> Queries.wallet(state(ctx), walletId));
    }

    @Transaction(name = "GetBalance", intent = TYPE.EVALUATE)
    public String getBalance(Context ctx, String walletId) {
        return answer(() -> Queries.balance(state(ctx), walletId));
    }

    @Transaction(name = "GetTotalSupply", intent = TYPE.EVALUATE)
    public String getTotalSupply(Context ctx) {
        return answer(() -> Queries.totalSupply(state(ctx)));
    }

    @Transaction(name = "IsOperationProcessed", intent = TYPE.EVALUATE)
    public String isOperationProcessed(Context ctx, String idempotencyKey) {
        return answer(() -> Queries.isOperationProcessed(state(ctx), idempotencyKey));
    }

    @Transaction(name = "GetOperation", intent = TYPE.EVALUATE)
    public String getOperation(Context ctx, String idempotencyKey) {
        return answer(() -> Queries.operation(state(ctx), idempotencyKey));
    }

    @Transaction(name = "GetWalletHistory", intent = TYPE.EVALUATE)
    public String getWalletHistory(Context ctx, String walletId) {
        return answer(() -> Queries.walletHistory(state(ctx), walletId));
    }

    @Transaction(name = "ListWallets", intent = TYPE.EVALUATE)
    public String listWallets(Context ctx, String pageSize, String bookmark) {
        return answer(() -> Queries.listWallets(state(ctx), pageSize, bookmark));
    }

    /** Runs a transaction; a broken argument rule fails it as an INVALID_ARGUMENT rejection (nothing is written). */
    private static String answer(Supplier<String> transaction) {
        try {
            return transaction.get();
        } catch (InvalidArgumentException e) {
            throw LedgerRejection.invalidArgument(e);
        }
    }

    private static Invocation tx(Context ctx) {
        return new Invocation(ctx);
    }

    private static WorldState state(Context ctx) {
        return new WorldState(ctx.getStub());
    }
}
