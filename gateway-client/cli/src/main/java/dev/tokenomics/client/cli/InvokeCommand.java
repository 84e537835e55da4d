package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.ChaincodeFailedException;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SubmitResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Submit one chaincode transaction directly (endorse, order, wait for commit) and print its result.",
            "A transaction whose idempotency key was used before changes nothing; it prints {\"replayed\":true,"
                    + " \"originalTxId\": the transaction that applied the key, \"replayTxId\", \"originalResult\"}."},
        exitCodeList = "1:the chaincode rejected the transaction (its error code is printed), or it committed invalid",
        footer = "Example: invoke --connection .devnet/connection.env TransferInternal w001 w002 800 TRANSFER demo key-1")
final class InvokeCommand implements Callable<Integer> {
    @Mixin
    SubmittingFabricOptions fabric;

    @Mixin
    TransactionCall.Submit call;

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            SubmitResult result;
            try {
                result = connection.contract().submit(call.name, call.arguments());
            } catch (ChaincodeFailedException e) {
                throw ChaincodeCallCheck.explain(connection.contract(), call.name, call.arguments(), e);
            }
            InvokeOutput output = InvokeOutput.of(result);
            System.out.println(output.result());
            System.err.println(output.status());
            return 0;
        }
    }
}
