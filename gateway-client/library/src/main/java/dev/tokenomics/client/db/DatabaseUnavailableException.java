package dev.tokenomics.client.db;

/** No database could be reached or started; the message says which ones were tried. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
