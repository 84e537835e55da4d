package dev.tokenomics.client.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The positional part of {@code invoke} and {@code query}: a transaction name and its string arguments. */
final class TransactionCall {
    @Parameters(index = "0", description = "Transaction name, e.g. GetBalance, ListWallets, TransferInternal, DistributeGenesis")
    String name;

    @Parameters(index = "1..*", arity = "0..*", description = "String arguments")
    List<String> args = new ArrayList<>();

    String[] arguments() {
        return args.toArray(String[]::new);
    }
}
