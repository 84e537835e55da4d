package dev.tokenomics.client.projector;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * An event's {@code txTimestamp} as the read model stores it. The chaincode writes one shape,
 * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (its TxTimestamps); that shape is read field by field and
 * checked by {@link LocalDateTime#of}, because {@link Instant#parse}'s general ISO-8601 parser was
 * ~30 % of the projector's writing thread on blocks of single transactions. Anything else (another
 * ISO-8601 form, a leap second, a value out of range) goes to {@link Instant#parse}, which decides.
 */
final class TxTimestamp {
    private static final int CANONICAL_LENGTH = "2026-01-31T23:59:59.999Z".length();

    private TxTimestamp() {
    }

    /** The instant, or null for null; a value that is not an ISO-8601 instant is a malformed block. */
    static Timestamp parse(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Timestamp.from(instant(iso));
        } catch (DateTimeParseException e) {
            throw new MalformedBlockException("txTimestamp '" + iso + "' is not ISO-8601 UTC", e);
        }
    }

    private static Instant instant(String iso) {
        if (canonical(iso)) {
            int[] fields = {digits(iso, 0, 4), digits(iso, 5, 7), digits(iso, 8, 10), digits(iso, 11, 13), digits(iso, 14, 16),
                            digits(iso, 17, 19), digits(iso, 20, 23)};
            if (Arrays.stream(fields).allMatch(field -> field >= 0)) {
                try {
                    return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6] * 1_000_000)
                            .toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    // Out of range for LocalDateTime (a leap second, say): Instant.parse has the last word.
                }
            }
        }
        return Instant.parse(iso);
    }

    private static boolean canonical(String iso) {
        return iso.length() == CANONICAL_LENGTH && iso.charAt(4) == '-' && iso.charAt(7) == '-' && iso.charAt(10) == 'T'
                && iso.charAt(13) == ':' && iso.charAt(16) == ':' && iso.charAt(19) == '.' && iso.charAt(23) == 'Z';
    }

    /** The decimal number in {@code [from, to)}, or -1 if any character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
