package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.ChaincodeTransaction;
import java.util.Iterator;
import java.util.List;

/**
 * The chaincode's transactions by intent, from the library's {@link ChaincodeTransaction}, as the
 * CLI's help and its query/invoke checks need them: queries, which are evaluated on one peer and
 * never ordered, and the transactions that change the ledger, which must be submitted.
 */
final class ChaincodeTransactions {
    static final List<String> QUERIES = ChaincodeTransaction.functions(true);
    static final List<String> SUBMITS = ChaincodeTransaction.functions(false);

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
