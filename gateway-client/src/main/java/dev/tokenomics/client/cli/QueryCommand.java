package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true, description = "Evaluate a chaincode query and print its JSON result.",
        footer = "Example: query --connection .devnet/connection.env GetBalance w1")
final class QueryCommand implements Callable<Integer> {
    @Mixin
    FabricOptions fabric;

    @Parameters(index = "0", description = "Query name, e.g. GetWallet, GetBalance, GetTotalSupply, ListWallets")
    String transaction;

    @Parameters(index = "1..*", arity = "0..*", description = "String arguments")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            System.out.println(connection.contract().evaluate(transaction, args.toArray(String[]::new)));
            return 0;
        }
    }
}
