package dev.tokenomics.chaincode.operations;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.idempotency.OperationRecord;

/**
 * Runs a command at most once per idempotency key. The key's record is read (GetState) before
 * anything else, so it is in the read set: of two concurrent first uses of a key, the second to
 * commit fails MVCC validation, which is what makes the check-and-set atomic on Fabric.
 */
final class IdempotentExecution {
    private static final Logger LOG = Logger.getLogger(IdempotentExecution.class.getName());

    private IdempotentExecution() {
    }

    /**
     * @param authorize runs after the key is read and before a replay is answered, so an
     *                  unauthorised caller learns nothing from a stored result
     * @param apply     performs the command's reads and writes and returns its event
     * @return the command's result: its event payload, the stored one on a replay
     */
    static String run(Invocation tx, String idempotencyKey, String requestHash,
                             Runnable authorize, Supplier<LedgerEvent> apply) {
        Optional<OperationRecord> existing = tx.state().operation(idempotencyKey);
        authorize.run();
        if (existing.isPresent()) {
            OperationRecord record = existing.get();
            if (!record.requestHash().equals(requestHash)) {
                throw LedgerRejection.of(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "idempotency key " + idempotencyKey + " was already used for a different request")
                        .detail("idempotencyKey", idempotencyKey)
                        .detail("originalTxId", record.result().txId()).build();
            }
            LOG.fine(() -> "tx " + tx.txId() + ": replay of idempotency key " + idempotencyKey
                    + " first applied by " + record.result().txId());
            tx.state().emit(record.result().replayedBy(tx.txId(), tx.txTimestamp()));
            return record.result().toJson();
        }
        LedgerEvent event = apply.get();
        tx.state().putOperation(new OperationRecord(idempotencyKey, requestHash, event));
        tx.state().emit(event);
        return event.toJson();
    }
}
