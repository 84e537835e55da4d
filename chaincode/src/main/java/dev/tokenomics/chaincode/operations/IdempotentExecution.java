package dev.tokenomics.chaincode.operations;

import java.util.Optional;
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
     * Runs the command as its own transaction.
     *
     * @return the command's result: its event payload, the stored one on a replay
     */
    static String run(Invocation tx, IdempotentCommand command) {
        Optional<LedgerEvent> stored = storedResult(tx, command);
        if (stored.isPresent()) {
            tx.state().emit(stored.get().replayedBy(tx.txId(), tx.txTimestamp()));
            return stored.get().toJson();
        }
        WalletWorkingSet wallets = new WalletWorkingSet(tx.state());
        RunningSupply supply = new RunningSupply(tx.state()::totalSupply);
        LedgerEvent event = command.apply(tx, wallets, supply);
        wallets.writeAll(tx.state());
        if (supply.changed()) {
            tx.state().putTotalSupply(supply.current());
        }
        tx.state().putOperation(new OperationRecord(command.idempotencyKey(), command.requestHash(), event));
        tx.state().emit(event);
        return event.toJson();
    }

    /**
     * Reads the key's record, then authorises the caller (so an unauthorised caller learns nothing
     * from a stored result), then answers: empty for a first use, the stored result for a repeat of
     * the same request, IDEMPOTENCY_KEY_REUSED for any other request.
     */
    static Optional<LedgerEvent> storedResult(Invocation tx, IdempotentCommand command) {
        String key = command.idempotencyKey();
        Optional<OperationRecord> existing = tx.state().operation(key);
        command.authorize(tx);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        OperationRecord record = existing.get();
        if (!record.requestHash().equals(command.requestHash())) {
            throw LedgerRejection.of(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "idempotency key " + key + " was already used for a different request")
                    .detail("idempotencyKey", key)
                    .detail("originalTxId", record.result().txId()).build();
        }
        LOG.fine(() -> "tx " + tx.txId() + ": replay of idempotency key " + key + " first applied by " + record.result().txId());
        return Optional.of(record.result());
    }
}
