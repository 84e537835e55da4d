package dev.tokenomics.client.contract;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** A committed transaction as a peer recorded it (qscc): the block it is in and how validation judged it. */
public record TransactionOutcome(String transactionId, long blockNumber, TxValidationCode validationCode) {
    public boolean valid() {
        return validationCode == TxValidationCode.VALID;
    }
}
