package dev.tokenomics.devnet.validation;

import com.google.protobuf.Timestamp;
import java.util.List;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The outcome of the per-transaction checks that need no ledger state (they run in parallel).
 * Fabric checks a committed duplicate txid between the structural checks and the endorsement
 * policy, so the two verdicts are kept apart: {@code structuralCode} comes before the ledger
 * duplicate check, {@code policyCode} after it. {@code reason} says why a check failed (for the log).
 */
record CheckedTransaction(
        int index,
        String txId,
        boolean endorserTransaction,
        TxValidationCode structuralCode,
        TxValidationCode policyCode,
        Timestamp timestamp,
        List<NamespaceReadWrites> rwsets,
        String reason) {

    /** One namespace's public read/write set, in the order the transaction lists them. */
    record NamespaceReadWrites(String namespace, KVRWSet rwset) {
    }

    static CheckedTransaction rejected(int index, String txId, Timestamp timestamp, TxValidationCode code) {
        return rejected(index, txId, timestamp, code, "");
    }

    static CheckedTransaction rejected(int index, String txId, Timestamp timestamp, TxValidationCode code, String reason) {
        return new CheckedTransaction(index, txId, false, code, TxValidationCode.VALID, timestamp, List.of(), reason);
    }
}
