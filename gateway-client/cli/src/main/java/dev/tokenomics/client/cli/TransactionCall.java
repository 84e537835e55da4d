package dev.tokenomics.client.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The positional part of {@code invoke} and {@code query}: a transaction name and its string
 * arguments. Each command takes the transactions of one intent ({@link ChaincodeTransactions}):
 * a query given to invoke would be ordered for nothing, and a ledger change given to query would
 * answer as if applied while nothing is committed, so either is refused as bad input. A name the
 * list does not know goes to the chaincode, which says whether it has it.
 */
abstract class TransactionCall {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG", description = "String arguments of the transaction")
    List<String> args = new ArrayList<>();

    String[] arguments() {
        return args.toArray(String[]::new);
    }

    /** query's positional part: a query. */
    static final class Query extends TransactionCall {
        @Parameters(index = "0", paramLabel = "QUERY", completionCandidates = ChaincodeTransactions.Queries.class,
                description = "A query: ${COMPLETION-CANDIDATES}")
        void name(String value) {
            if (ChaincodeTransactions.SUBMITS.contains(ChaincodeTransactions.function(value))) {
                throw new ParameterException(spec.commandLine(), value + " changes the ledger: use invoke (a query is never"
                        + " committed, so its answer would describe a change that does not happen)");
            }
            name = value;
        }
    }

    /** invoke's positional part: a transaction that changes the ledger. */
    static final class Submit extends TransactionCall {
        @Parameters(index = "0", paramLabel = "TRANSACTION", completionCandidates = ChaincodeTransactions.Submits.class,
                description = "A transaction that changes the ledger: ${COMPLETION-CANDIDATES}")
        void name(String value) {
            if (ChaincodeTransactions.QUERIES.contains(ChaincodeTransactions.function(value))) {
                throw new ParameterException(spec.commandLine(), value + " is a query: use query (nothing to commit)");
            }
            name = value;
        }
    }
}
