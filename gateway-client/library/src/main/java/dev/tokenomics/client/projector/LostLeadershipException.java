package dev.tokenomics.client.projector;

/** This projector is no longer the active one (lock gone, or the checkpoint moved under it): stop applying. */
final class LostLeadershipException extends RuntimeException {
    LostLeadershipException(String message) {
        super(message);
    }
}
