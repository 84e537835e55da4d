package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SubmitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Submit one chaincode transaction directly (endorse, order, wait for commit) and print its result.",
        footer = "Example: invoke --connection .devnet/connection.env TransferInternal w1 w2 800 TRANSFER demo key-1")
final class InvokeCommand implements Callable<Integer> {
    @Mixin
    FabricOptions fabric;

    @Parameters(index = "0", description = "Transaction name, e.g. Initialize, DistributeGenesis, TransferInternal")
    String transaction;

    @Parameters(index = "1..*", arity = "0..*", description = "String arguments")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            SubmitResult result = connection.contract().submit(transaction, args.toArray(String[]::new));
            System.out.println(result.resultText());
            System.err.println("tx " + result.transactionId() + " VALID in block " + result.blockNumber());
            return 0;
        }
    }
}
