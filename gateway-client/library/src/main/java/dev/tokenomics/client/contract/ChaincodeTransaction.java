package dev.tokenomics.client.contract;

import java.util.Arrays;
import java.util.List;

/**
 * The transactions TokenomicsContract declares, by the name the chaincode routes on and by intent:
 * a query is evaluated on one peer and never ordered; every other one changes the ledger and must be
 * submitted. The one list the contract client, the outbox and the CLI name transactions from;
 * InvokeCommandTest holds it to the intents the chaincode's own metadata declares.
 */
public enum ChaincodeTransaction {
    INITIALIZE("Initialize", false),
    DISTRIBUTE_GENESIS("DistributeGenesis", false),
    CREATE_WALLET("CreateWallet", false),
    MINT("Mint", false),
    BURN("Burn", false),
    TRANSFER("Transfer", false),
    TRANSFER_INTERNAL("TransferInternal", false),
    BATCH_TRANSFER("BatchTransfer", false),
    APPLY_COMMANDS("ApplyCommands", false),
    FREEZE_WALLET("FreezeWallet", false),
    UNFREEZE_WALLET("UnfreezeWallet", false),
    GET_WALLET("GetWallet", true),
    GET_BALANCE("GetBalance", true),
    GET_TOTAL_SUPPLY("GetTotalSupply", true),
    IS_OPERATION_PROCESSED("IsOperationProcessed", true),
    GET_OPERATION("GetOperation", true),
    GET_WALLET_HISTORY("GetWalletHistory", true),
    LIST_WALLETS("ListWallets", true);

    private final String function;
    private final boolean query;

    ChaincodeTransaction(String function, boolean query) {
        this.function = function;
        this.query = query;
    }

    /** The name a proposal carries. */
    public String function() {
        return function;
    }

    public boolean query() {
        return query;
    }

    /** The functions of the queries ({@code true}) or of the ledger changes ({@code false}), in declaration order. */
    public static List<String> functions(boolean queries) {
        return Arrays.stream(values()).filter(t -> t.query == queries).map(ChaincodeTransaction::function).toList();
    }
}
