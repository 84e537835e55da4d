package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.ChaincodeFailedException;
import dev.tokenomics.client.contract.FabricConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "query", mixinStandardHelpOptions = true, description = "Evaluate a chaincode query and print its JSON result.",
        exitCodeList = "1:the chaincode refused the query (its error code is printed, e.g. NOT_FOUND)",
        footer = "Example: query --connection .devnet/connection.env GetBalance w001")
final class QueryCommand implements Callable<Integer> {
    @Mixin
    FabricOptions fabric;

    @Mixin
    TransactionCall.Query call;

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            try {
                System.out.println(connection.contract().evaluate(call.name, call.arguments()));
            } catch (ChaincodeFailedException e) {
                throw ChaincodeCallCheck.explain(connection.contract(), call.name, call.arguments(), e);
            }
            return 0;
        }
    }
}
