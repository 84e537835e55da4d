package dev.tokenomics.client.contract;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** The transaction was ordered but the peer marked it invalid with {@link #code()}. */
public final class CommitFailedException extends LedgerException {
    private final TxValidationCode code;
    private final long blockNumber;

    public CommitFailedException(TxValidationCode code, long blockNumber, String transactionId) {
        super("transaction " + transactionId + " committed as " + code + " in block " + blockNumber, transactionId, null);
        this.code = code;
        this.blockNumber = blockNumber;
    }

    public TxValidationCode code() {
        return code;
    }

    public long blockNumber() {
        return blockNumber;
    }

    /** Another transaction changed what this one read: a new endorsement may succeed. */
    public boolean isConflict() {
        return code == TxValidationCode.MVCC_READ_CONFLICT || code == TxValidationCode.PHANTOM_READ_CONFLICT;
    }
}
