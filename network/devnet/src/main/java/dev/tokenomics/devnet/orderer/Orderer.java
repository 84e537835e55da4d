package dev.tokenomics.devnet.orderer;

import org.hyperledger.fabric.protos.common.Envelope;

/**
 * Accepts signed transaction envelopes for ordering. Acceptance means queued, not committed: the
 * committer cuts blocks by count or timeout, validates them and appends them to the ledger.
 */
public interface Orderer {

    /** Runs the orderer's ingress checks; throws {@link OrdererRejection} carrying a {@code common.Status}. */
    void broadcast(Envelope envelope) throws OrdererRejection;
}
