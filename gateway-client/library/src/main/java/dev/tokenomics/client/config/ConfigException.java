package dev.tokenomics.client.config;

/** Configuration is missing, malformed or points at files that do not exist. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
