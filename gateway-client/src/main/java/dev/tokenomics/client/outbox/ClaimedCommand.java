package dev.tokenomics.client.outbox;

/**
 * A command a worker holds a lease on. {@code touchKey} is the other wallet it writes (a transfer's
 * destination, in the ordering keys' namespace), or null. {@code attempts} counts its claims, this one included;
 * {@code conflicts} the earlier attempts that ended in an MVCC conflict. {@code transactionBytes}
 * non-null means it was endorsed before (by this or a crashed worker): resubmit those bytes
 * instead of endorsing again.
 */
public record ClaimedCommand(
        long id,
        String tenantId,
        CommandType type,
        String payload,
        String idempotencyKey,
        String orderingKey,
        String touchKey,
        int attempts,
        int conflicts,
        String transactionId,
        byte[] transactionBytes) {

    public boolean endorsedBefore() {
        return transactionBytes != null;
    }

    public ChaincodeInvocation invocation() {
        return CommandPayload.parse(type, payload).invocation(Outbox.chaincodeKey(tenantId, idempotencyKey));
    }
}
