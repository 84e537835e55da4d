package dev.tokenomics.client.outbox;

/**
 * A command to enqueue. {@code orderingKey} null means the default (the source wallet): commands with
 * the same ordering key are submitted one at a time, in enqueue order.
 */
public record NewCommand(String tenantId, String commandType, String payload, String idempotencyKey, String orderingKey) {
    public static NewCommand of(String tenantId, CommandType type, String payload, String idempotencyKey) {
        return new NewCommand(tenantId, type.name(), payload, idempotencyKey, null);
    }
}
