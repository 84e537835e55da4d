package dev.tokenomics.client.projector;

/** A block or event does not have the structure Fabric and the event contract define; the projector stops rather than guess. */
final class MalformedBlockException extends RuntimeException {
    MalformedBlockException(String message) {
        super(message);
    }

    MalformedBlockException(String message, Throwable cause) {
        super(message, cause);
    }
}
