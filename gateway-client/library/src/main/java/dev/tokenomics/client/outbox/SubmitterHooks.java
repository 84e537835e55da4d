package dev.tokenomics.client.outbox;

import java.util.List;

/**
 * Points in a worker's cycle where tests inject crashes. Throwing from a hook ends the worker
 * exactly as a process death would: the batch's statuses are not written, its leases stop being
 * renewed and expire, and another worker takes the commands over.
 */
interface SubmitterHooks {
    SubmitterHooks NONE = new SubmitterHooks() {
    };

    /** Just after a claim committed: its commands are PROCESSING and their wallets held. */
    default void afterClaim(List<ClaimedCommand> batch) {
    }

    /** Just after an envelope of these commands was endorsed, before anything of it is stored. */
    default void afterEnvelopeEndorsed(List<ClaimedCommand> envelope) {
    }

    /** Just after an envelope's bytes and its commands' positions were stored, before it is submitted. */
    default void afterEnvelopeStored(List<ClaimedCommand> envelope) {
    }

    /** Just after the orderer accepted the command's transaction. */
    default void afterSubmit(ClaimedCommand command) {
    }

    /** After every commit status of the batch is known, before any status is written. */
    default void beforeStatusUpdate(List<ClaimedCommand> batch) {
    }
}
