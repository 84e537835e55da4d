package dev.tokenomics.devnet.ledger;

import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Where a transaction id first committed and with which validation code. */
public record TransactionStatus(String txId, long blockNumber, int txIndex, TxValidationCode code) {
}
