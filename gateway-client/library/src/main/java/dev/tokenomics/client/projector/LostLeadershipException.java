package dev.tokenomics.client.projector;

/** This projector is no longer the active one (lock gone, or the checkpoint moved under it): stop applying. */
public final class LostLeadershipException extends RuntimeException {
    public LostLeadershipException(String message) {
        super(message);
    }
}
