package dev.tokenomics.client.contract;

import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;

/** A transaction accepted by the orderer whose commit status has not been read yet. */
public final class PendingCommit {
    private final SubmittedTransaction submitted;

    PendingCommit(SubmittedTransaction submitted) {
        this.submitted = submitted;
    }

    public String transactionId() {
        return submitted.getTransactionId();
    }

    /** Waits for the peer to commit the block holding it; VALID returns, anything else throws. */
    public SubmitResult awaitCommit() throws LedgerException {
        String txId = submitted.getTransactionId();
        Status status;
        try {
            status = submitted.getStatus();
        } catch (GatewayException e) {
            throw GatewayErrors.classify(e, txId);
        }
        if (!status.isSuccessful()) {
            throw new CommitFailedException(status.getCode(), status.getBlockNumber(), txId);
        }
        return new SubmitResult(txId, status.getBlockNumber(), submitted.getResult());
    }
}
