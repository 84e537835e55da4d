package dev.tokenomics.rules;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An argument broke a rule. The message names the field first ({@code "amount exceeds ..."}); the
 * details, sorted by name, always hold {@code field} and say what else a caller may show (the
 * chaincode copies them into its {@code INVALID_ARGUMENT} payload unchanged).
 */
public final class InvalidArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TreeMap<String, Object> details;

    InvalidArgumentException(String message, SortedMap<String, Object> details) {
        super(message);
        this.details = new TreeMap<>(details);
    }

    /**
     * A malformed argument outside the scalar rules (e.g. the chaincode's strict JSON reading), so every
     * broken argument reaches the caller through this one type and is mapped to INVALID_ARGUMENT in one place.
     */
    public InvalidArgumentException(String message, String field) {
        this(message, new TreeMap<>(Collections.singletonMap("field", field)));
    }

    /** The argument or JSON field that broke the rule. */
    public String field() {
        return (String) details.get("field");
    }

    /** Scalar details (strings, numbers, null) sorted by name, {@code field} included. */
    public SortedMap<String, Object> details() {
        return Collections.unmodifiableSortedMap(details);
    }

    static Builder of(String message, String field) {
        return new Builder(message).detail("field", field);
    }

    static final class Builder {
        private final String message;
        private final SortedMap<String, Object> details = new TreeMap<>();

        private Builder(String message) {
            this.message = message;
        }

        Builder detail(String name, Object value) {
            details.put(name, value);
            return this;
        }

        InvalidArgumentException build() {
            return new InvalidArgumentException(message, details);
        }
    }
}
