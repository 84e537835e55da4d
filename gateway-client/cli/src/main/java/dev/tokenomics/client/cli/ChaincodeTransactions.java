package dev.tokenomics.client.cli;

import java.util.Iterator;
import java.util.List;

/**
 * The chaincode's transactions by intent: queries, which are evaluated on one peer and never
 * ordered, and the transactions that change the ledger, which must be submitted. The one list the
 * CLI's help and its query/invoke checks use; InvokeCommandTest holds it to the intents
 * the chaincode's own metadata declares.
 */
final class ChaincodeTransactions {
    static final List<String> QUERIES = List.of("GetBalance", "GetWallet", "GetWalletHistory", "ListWallets", "GetTotalSupply",
            "GetOperation", "IsOperationProcessed");
    static final List<String> SUBMITS = List.of("TransferInternal", "Transfer", "BatchTransfer", "ApplyCommands", "Mint", "Burn", "CreateWallet",
            "FreezeWallet", "UnfreezeWallet", "Initialize", "DistributeGenesis");

    private ChaincodeTransactions() {
    }

    /** The candidates picocli shows for query's transaction name (${COMPLETION-CANDIDATES}). */
    static final class Queries implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return QUERIES.iterator();
        }
    }

    /** The candidates picocli shows for invoke's transaction name. */
    static final class Submits implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SUBMITS.iterator();
        }
    }

    /** The transaction name without a {@code Contract:} prefix. */
    static String function(String name) {
        return name.substring(name.indexOf(':') + 1);
    }
}
