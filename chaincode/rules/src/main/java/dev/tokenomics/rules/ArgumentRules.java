package dev.tokenomics.rules;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The grammar of every scalar argument of the chaincode. The chaincode checks them before any state
 * is read, so a malformed request is rejected without touching the ledger; the client's outbox
 * checks the same ones at enqueue, so such a request is never stored. A violation is an
 * {@link InvalidArgumentException} naming the field.
 */
public final class ArgumentRules {
    /** Largest amount accepted in one movement: 10^18 minor units, well inside a long. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000_000L;
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_KEY_LENGTH = 256;
    public static final int MAX_TEXT_LENGTH = 512;
    /** Client identity ids are x509::subject::issuer; generous but bounded. */
    public static final int MAX_OWNER_LENGTH = 1024;
    public static final int MAX_TX_TYPE_LENGTH = 64;
    /** Legs of one BatchTransfer: all of them are applied in one transaction, so the batch stays small. */
    public static final int MAX_BATCH_SIZE = 100;
    /**
     * Movements in one ApplyCommands envelope: a TRANSFER, MINT or BURN is one, a BATCH_TRANSFER as many
     * as its legs. A wallet changes at most once per block, so a busy wallet moves as many commands per
     * block as one envelope holds: the bound is what a hot wallet's throughput scales with. Each
     * command costs the transaction two state round trips and an outcome of a few hundred bytes in its
     * event; a thousand keep an envelope under a second of endorsement and its transaction near 3 MB.
     * On real Fabric a lone envelope also waits for its block to be cut (BatchTimeout), a fixed cost
     * per envelope: 1,000 rather than 500 took a hot wallet from 330 to 510 commands/s there.
     */
    public static final int MAX_ENVELOPE_MOVEMENTS = 1000;
    /**
     * UTF-8 bytes of one ApplyCommands envelope: a thousand TRANSFERs with every field at its longest
     * fit (written as plain UTF-8, not as escape sequences); the byte bound is what keeps the proposal small.
     */
    public static final int MAX_ENVELOPE_BYTES = 3 * 1024 * 1024;

    // Decimal minor units, no sign, no leading zero, no exponent: one spelling per value, which keeps request hashes canonical.
    private static final Pattern AMOUNT = Pattern.compile("[1-9][0-9]{0,18}");
    // Visible ASCII only: composite key attributes must not contain U+0000 or U+10FFFF, and ids stay printable.
    private static final Pattern IDENTIFIER = Pattern.compile("[\\x21-\\x7E]+");
    // The value echoed in a violation's details is cut here: the payload stays small whatever the caller sent.
    private static final int MAX_ECHO_LENGTH = 64;

    private ArgumentRules() {
    }

    public static long amount(String text, String field) {
        if (text == null || !AMOUNT.matcher(text).matches()) {
            throw invalid(field + " must be a positive integer of minor units without sign or leading zeros", field, text);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(field + " exceeds the maximum amount " + MAX_AMOUNT, field, text);
        }
        if (value > MAX_AMOUNT) {
            throw invalid(field + " exceeds the maximum amount " + MAX_AMOUNT, field, text);
        }
        return value;
    }

    public static String walletId(String value, String field) {
        return identifier(value, field, MAX_ID_LENGTH);
    }

    public static String idempotencyKey(String value) {
        return identifier(value, "idempotencyKey", MAX_KEY_LENGTH);
    }

    public static String owner(String value) {
        return requiredText(value, "owner", MAX_OWNER_LENGTH);
    }

    /** TransferInternal's caller-chosen transaction type (the event's {@code txType}). */
    public static String txType(String value) {
        return requiredText(value, "txType", MAX_TX_TYPE_LENGTH);
    }

    /** TransferInternal's optional remark; empty means none. */
    public static String remark(String value) {
        return optionalText(value, "remark", MAX_TEXT_LENGTH);
    }

    /** Why a wallet is frozen: required, it is the audit trail of the freeze. */
    public static String freezeReason(String value) {
        return requiredText(value, "reason", MAX_TEXT_LENGTH);
    }

    /** Free text that must be present (owner, reason, txType). */
    public static String requiredText(String value, String field, int maxLength) {
        if (value == null || value.trim().isEmpty()) {
            throw invalid(field + " is required", field, value);
        }
        return optionalText(value, field, maxLength);
    }

    /** Free text that may be absent; empty means absent. */
    public static String optionalText(String value, String field, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw invalid(field + " is longer than " + maxLength + " characters", field, null);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw invalid(field + " contains a control character", field, null);
            }
        }
        return value;
    }

    public static void distinct(String fromId, String toId) {
        if (fromId.equals(toId)) {
            throw InvalidArgumentException.of("fromId and toId must be different wallets", "toId").detail("walletId", fromId).build();
        }
    }

    /** The number of legs of a BatchTransfer. */
    public static void batchSize(int size) {
        if (size == 0 || size > MAX_BATCH_SIZE) {
            throw InvalidArgumentException.of("transfers must hold 1 to " + MAX_BATCH_SIZE + " items", "transfers").detail("size", size).build();
        }
    }

    /** The movements of an ApplyCommands envelope, counted as {@link #MAX_ENVELOPE_MOVEMENTS} says. */
    public static void envelopeMovements(int movements) {
        if (movements == 0 || movements > MAX_ENVELOPE_MOVEMENTS) {
            throw InvalidArgumentException.of("commands must move 1 to " + MAX_ENVELOPE_MOVEMENTS + " times", "commands")
                    .detail("movements", movements).build();
        }
    }

    /** The encoded size of an ApplyCommands envelope, checked before it is parsed. */
    public static void envelopeBytes(String json, String field) {
        int bytes = json == null ? 0 : json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ENVELOPE_BYTES) {
            throw InvalidArgumentException.of(field + " is larger than " + MAX_ENVELOPE_BYTES + " bytes", field).detail("bytes", bytes).build();
        }
    }

    private static String identifier(String value, String field, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw invalid(field + " is required", field, value);
        }
        if (value.length() > maxLength || !IDENTIFIER.matcher(value).matches()) {
            throw invalid(field + " must be 1-" + maxLength + " visible ASCII characters", field, null);
        }
        return value;
    }

    private static InvalidArgumentException invalid(String message, String field, String value) {
        String echoed = value == null || value.length() <= MAX_ECHO_LENGTH ? value : value.substring(0, MAX_ECHO_LENGTH);
        return InvalidArgumentException.of(message, field).detail("value", echoed).build();
    }
}
