package dev.tokenomics.devnet.ledger;

import com.google.protobuf.Timestamp;
import java.util.List;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What committing one envelope of a block means for the ledger: its txid (empty for config
 * transactions), position, validation code, timestamp, and — only when VALID — its public writes.
 */
public record CommittedTransaction(String txId, int index, TxValidationCode code, Timestamp timestamp, List<StateWrite> writes) {

    public CommittedTransaction {
        writes = List.copyOf(writes);
    }
}
