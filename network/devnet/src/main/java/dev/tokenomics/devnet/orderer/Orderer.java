package dev.tokenomics.devnet.orderer;

import org.hyperledger.fabric.protos.common.Envelope;

/**
 * Accepts signed transaction envelopes for ordering. Acceptance means queued, not committed: the
 * orderer cuts blocks by count or timeout, and the peer's committer validates them and appends them
 * to the ledger.
 */
public interface Orderer {

    /** Runs the orderer's ingress checks; throws {@link OrdererRejection} carrying a {@code common.Status}. */
    void broadcast(Envelope envelope) throws OrdererRejection;
}
