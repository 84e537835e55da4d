package dev.tokenomics.devnet.validation;

import dev.tokenomics.devnet.ledger.CommittedTransaction;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.ledger.StateWrite;
import dev.tokenomics.devnet.ledger.Version;
import dev.tokenomics.devnet.ledger.VersionedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Read-set validation in block order against committed state plus the writes of earlier VALID
 * transactions of the same block (Fabric's kvledger validator): a point read of a key an earlier
 * transaction of the block wrote or deleted conflicts whatever its version; otherwise versions
 * must match exactly (absent == absent). Range queries are re-run for phantoms.
 */
final class MvccValidator {

    private final long blockNumber;
    private final StateSnapshot committed;
    private final BlockUpdates updates = new BlockUpdates();

    MvccValidator(long blockNumber, StateSnapshot committed) {
        if (committed.height() != blockNumber) {
            throw new IllegalStateException("block " + blockNumber + " must be validated against height " + blockNumber
                    + ", the snapshot is at " + committed.height());
        }
        this.blockNumber = blockNumber;
        this.committed = committed;
    }

    /** Validates one transaction that passed every earlier check; applies its writes to the block batch if VALID. */
    CommittedTransaction validate(CheckedTransaction tx) {
        TxValidationCode code = readConflict(tx);
        List<StateWrite> writes = new ArrayList<>();
        if (code == TxValidationCode.VALID) {
            Version version = new Version(blockNumber, tx.index());
            for (CheckedTransaction.NamespaceReadWrites ns : tx.rwsets()) {
                for (KVWrite w : ns.rwset().getWritesList()) {
                    StateWrite write = new StateWrite(ns.namespace(), w.getKey(),
                            w.getIsDelete() || w.getValue().isEmpty() ? null : w.getValue().toByteArray());
                    writes.add(write);
                    updates.put(write, version);
                }
            }
        }
        return new CommittedTransaction(tx.txId(), tx.index(), code, tx.timestamp(), writes);
    }

    private TxValidationCode readConflict(CheckedTransaction tx) {
        for (CheckedTransaction.NamespaceReadWrites ns : tx.rwsets()) {
            KVRWSet rwset = ns.rwset();
            for (KVRead read : rwset.getReadsList()) {
                if (!pointReadHolds(ns.namespace(), read)) {
                    return TxValidationCode.MVCC_READ_CONFLICT;
                }
            }
            for (RangeQueryInfo range : rwset.getRangeQueriesInfoList()) {
                if (!RangeRevalidation.stillValid(ns.namespace(), range, committed, updates)) {
                    return TxValidationCode.PHANTOM_READ_CONFLICT;
                }
            }
        }
        return TxValidationCode.VALID;
    }

    private boolean pointReadHolds(String namespace, KVRead read) {
        if (updates.touches(namespace, read.getKey())) {
            return false;
        }
        Optional<VersionedValue> current = committed.get(namespace, read.getKey());
        if (!read.hasVersion()) {
            return current.isEmpty();
        }
        return current.isPresent()
                && current.get().version().blockNum() == read.getVersion().getBlockNum()
                && current.get().version().txNum() == read.getVersion().getTxNum();
    }
}
