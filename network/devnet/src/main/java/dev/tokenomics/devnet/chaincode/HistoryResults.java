package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.ledger.HistoryEntry;
import java.util.Iterator;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.peer.QueryResultBytes;

/** A key's VALID writes, newest first, as KeyModifications; history reads are not part of the read set. */
final class HistoryResults implements ResultSource {
    private final Iterator<HistoryEntry> entries;

    HistoryResults(Iterator<HistoryEntry> entries) {
        this.entries = entries;
    }

    @Override
    public QueryResultBytes next() {
        if (!entries.hasNext()) {
            return null;
        }
        HistoryEntry entry = entries.next();
        KeyModification.Builder modification = KeyModification.newBuilder()
                .setTxId(entry.txId())
                .setIsDelete(entry.isDelete())
                .setValue(entry.value() == null ? ByteString.EMPTY : ByteString.copyFrom(entry.value()));
        if (entry.timestamp() != null) {
            modification.setTimestamp(entry.timestamp());
        }
        return QueryResultBytes.newBuilder().setResultBytes(modification.build().toByteString()).build();
    }
}
