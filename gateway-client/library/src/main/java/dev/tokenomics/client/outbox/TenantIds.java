package dev.tokenomics.client.outbox;

import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.INVALID_ARGUMENT;

import java.util.regex.Pattern;

/**
 * The tenant-id rule: 1-55 of {@code [A-Za-z0-9._-]}. A tenant id prefixes every idempotency key the
 * chaincode sees ({@code <tenant>:<key>}, {@link Outbox#chaincodeKey}), so it must never contain the
 * ':' separator: tenant {@code t1} with key {@code x:k2} and tenant {@code t1:x} with key {@code k2}
 * would name the same ledger operation. 55 leaves {@link Outbox#MAX_IDEMPOTENCY_KEY_LENGTH} characters
 * for the key within the chaincode's 256. The same rule is the database's constraint
 * {@code outbox_command_tenant_id} (V11; on the column's domain since V19), for rows written with plain SQL.
 */
public final class TenantIds {
    public static final int MAX_LENGTH = 55;
    /** The tenant of an application that has only one. */
    public static final String DEFAULT = "default";
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private TenantIds() {
    }

    /** Returns {@code tenantId} if it follows the rule, else throws {@link InvalidCommandException} (INVALID_ARGUMENT, field tenantId). */
    public static String require(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new InvalidCommandException(INVALID_ARGUMENT, "tenantId",
                    "tenantId must be 1-" + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_' and '-'");
        }
        return tenantId;
    }
}
