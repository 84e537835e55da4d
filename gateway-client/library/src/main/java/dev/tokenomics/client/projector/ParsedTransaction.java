package dev.tokenomics.client.projector;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** One endorser transaction of a block: its position, id, validation code and chaincode event (null if none). */
record ParsedTransaction(int index, String txId, TxValidationCode validationCode, String chaincodeName, String eventName,
                                LedgerEvent event) {
    public boolean valid() {
        return validationCode == TxValidationCode.VALID;
    }
}
