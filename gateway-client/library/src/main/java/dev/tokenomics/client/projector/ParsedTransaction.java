package dev.tokenomics.client.projector;

import java.util.List;
import java.util.stream.IntStream;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * One endorser transaction of a block: its position, id, validation code and chaincode event: a
 * single command's {@code event}, or the {@code envelope} of an ApplyCommands transaction (at most
 * one of them; both null if it has none).
 */
record ParsedTransaction(int index, String txId, TxValidationCode validationCode, String chaincodeName, String eventName,
                         LedgerEvent event, CommandsApplied envelope) {
    public boolean valid() {
        return validationCode == TxValidationCode.VALID;
    }

    /**
     * The command positions this transaction projects as read-model rows when VALID, one row each:
     * every item of an envelope, or position 0 for any other transaction. Reconcile counts the
     * ledger's rows with it; BatchChanges writes an envelope's row at each item's position, which
     * {@link CommandsApplied#parse} holds equal to the item's index.
     */
    List<Integer> rowPositions() {
        return IntStream.range(0, commands()).boxed().toList();
    }

    /**
     * The commands this transaction carries: an envelope's items, else one. What it costs to hold
     * and apply is in proportion to this, not to the transaction (an envelope carries up to 1,000).
     */
    int commands() {
        return envelope == null ? 1 : envelope.commands().size();
    }
}
