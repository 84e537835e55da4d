package dev.tokenomics.client.outbox;

import dev.tokenomics.client.contract.ChaincodeTransaction;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.TokenomicsContract;
import org.hyperledger.fabric.client.Transaction;

/** {@link CommandLedger} on the official fabric-gateway client. */
final class FabricCommandLedger implements CommandLedger {
    private final TokenomicsContract contract;

    FabricCommandLedger(TokenomicsContract contract) {
        this.contract = contract;
    }

    @Override
    public PreparedTransaction endorse(ClaimedCommand command) throws LedgerException {
        ChaincodeInvocation invocation = command.invocation();
        Transaction transaction = contract.endorse(invocation.transactionName(), invocation.args());
        return new PreparedTransaction(transaction.getTransactionId(), transaction.getBytes());
    }

    @Override
    public PreparedTransaction endorseEnvelope(String envelopeJson) throws LedgerException {
        Transaction transaction = contract.endorse(ChaincodeTransaction.APPLY_COMMANDS.function(), envelopeJson);
        return new PreparedTransaction(transaction.getTransactionId(), transaction.getBytes(),
                new String(transaction.getResult(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public PendingCommit submit(ClaimedCommand command, byte[] transactionBytes) throws LedgerException {
        dev.tokenomics.client.contract.PendingCommit pending = contract.submitAsync(contract.restore(transactionBytes));
        return () -> pending.awaitCommit().blockNumber();
    }
}
