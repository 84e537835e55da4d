package dev.tokenomics.client.outbox;

import java.time.Duration;

/**
 * A command a worker holds a lease on, as stored: {@code commandType} and {@code payload} are what
 * the row says, which need not be a valid command (a row written by plain SQL, or before V9):
 * {@link #invocation()} is where that shows. {@code touchKey} is the other wallet it writes (a
 * transfer's destination, in the ordering keys' namespace), or null. {@code attempts} counts its
 * claims, this one included, except claims the ledger never answered (given back, see
 * {@link RetryPolicy}); {@code conflicts} the earlier attempts that ended in an MVCC conflict.
 * {@code age} is the time since it was enqueued, on the database's clock. {@code transactionBytes}
 * non-null means it was endorsed before (by this or a crashed worker): resubmit those bytes instead
 * of endorsing again: for a command of an ApplyCommands envelope, {@code transactionId} and
 * {@code transactionBytes} are the envelope's and {@code envelope} says where it sits in it.
 * {@code holdingId} is the holding whose wallet locks keep other transactions off its wallets while it
 * is in flight (null only for a row built outside a claim).
 */
public record ClaimedCommand(
        long id,
        String tenantId,
        String commandType,
        String payload,
        String idempotencyKey,
        String orderingKey,
        String touchKey,
        int attempts,
        int conflicts,
        Duration age,
        String transactionId,
        byte[] transactionBytes,
        Long holdingId,
        EnvelopeSlot envelope) {

    /** Its place in a stored envelope, and the envelope's endorsement result (each command's outcome, once VALID). */
    public record EnvelopeSlot(long envelopeId, int position, String result) {
    }

    /** A command outside any holding or envelope, as before V13. */
    public ClaimedCommand(long id, String tenantId, String commandType, String payload, String idempotencyKey, String orderingKey,
                          String touchKey, int attempts, int conflicts, Duration age, String transactionId, byte[] transactionBytes) {
        this(id, tenantId, commandType, payload, idempotencyKey, orderingKey, touchKey, attempts, conflicts, age, transactionId,
                transactionBytes, null, null);
    }

    public boolean endorsedBefore() {
        return transactionBytes != null;
    }

    /** The chaincode call; throws {@link InvalidCommandException} if the stored type or payload is not a valid command. */
    public ChaincodeInvocation invocation() {
        return CommandPayload.parse(CommandType.fromWire(commandType), payload).invocation(Outbox.chaincodeKey(tenantId, idempotencyKey));
    }
}
