package dev.tokenomics.chaincode.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The proposal's timestamp as ISO-8601 UTC with milliseconds: the only clock the chaincode uses. */
public final class TxTimestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private TxTimestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
