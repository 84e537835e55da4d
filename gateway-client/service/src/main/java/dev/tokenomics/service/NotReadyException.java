package dev.tokenomics.service;

/** A readiness check's answer that the service should not take traffic, and why (the text {@code /health/ready} shows after {@code DOWN: }). */
public final class NotReadyException extends Exception {
    public NotReadyException(String reason) {
        super(reason);
    }
}
