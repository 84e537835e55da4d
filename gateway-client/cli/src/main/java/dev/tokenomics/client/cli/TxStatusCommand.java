package dev.tokenomics.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SystemQueries;
import dev.tokenomics.client.contract.TransactionOutcome;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Whether a transaction committed and how validation judged it, whoever submitted it: the question
 * an operator asks about a command's stored {@code fabric_tx_id} (the status command shows it).
 */
@Command(name = "tx-status", mixinStandardHelpOptions = true,
        description = {"Print a transaction's block and validation code (VALID, MVCC_READ_CONFLICT, ...), as the peer's qscc "
                + "answers GetTransactionByID and GetBlockByTxID, for any transaction on the channel."},
        exitCodeList = "1:the peer holds no transaction with that id (not committed, or not yet)",
        footer = "Example: tx-status --connection .devnet/connection.env <transactionId printed by status or invoke>")
final class TxStatusCommand implements Callable<Integer> {
    @Mixin
    FabricOptions fabric;

    @Parameters(index = "0", paramLabel = "TX_ID", description = "Transaction id (64 hex digits)")
    String transactionId;

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            Optional<TransactionOutcome> outcome = new SystemQueries(connection.network()).transaction(transactionId);
            if (outcome.isEmpty()) {
                System.err.println("tx-status: no transaction " + transactionId + " on channel " + connection.network().getName());
                return TokenomicsCli.REJECTED;
            }
            JsonObject json = new JsonObject();
            json.addProperty("transactionId", transactionId);
            json.addProperty("blockNumber", outcome.get().blockNumber());
            json.addProperty("validationCode", outcome.get().validationCode().name());
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(json));
            return 0;
        }
    }
}
