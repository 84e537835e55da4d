package dev.tokenomics.client.projector;

/** Reconcile could not compare the read model with the ledger at one height within its deadline; the message says why. */
public final class ReconcileTimeoutException extends Exception {
    public ReconcileTimeoutException(String message) {
        super(message);
    }
}
