package dev.tokenomics.client.projector;

import dev.tokenomics.client.outbox.Outbox;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set-based form of consecutive blocks: one row per VALID transaction (one per command of an
 * ApplyCommands envelope), the last state of each wallet they touched (so a wallet row is written
 * once however often it moved), the outbox commands to confirm or fail, and the checkpoint's
 * counters. Invalid transactions contribute only to the invalid count.
 */
final class BatchChanges {
    /** Event type of the row of an envelope's rejected command: on the ledger, it changed nothing. */
    static final String COMMAND_REJECTED = "CommandRejected";

    record Row(long blockNumber, String txId, int index, int position, String eventType, String txType, String idempotencyKey,
               String fromId, String toId, Long amount, String movementsJson, Long totalSupply, String remark, String reason,
               String originalTxId, boolean applied, Timestamp timestamp) {
    }

    /** A wallet's state after its last change in the batch; {@code touches} = commands that changed it. */
    record WalletChange(LedgerEvent.WalletState state, String freezeReason, long touches, String lastTxId, long lastBlock) {
    }

    /**
     * A VALID transaction, or an applied or replayed command of an envelope, that may confirm a
     * command: by the command's own transaction (for an envelope's command, its own transaction
     * and key), or by the command's idempotency key (null if not this tenant's) when {@code event}
     * records that command's request.
     */
    record Confirmation(String txId, String commandKey, long blockNumber, LedgerEvent event) {
    }

    /** A command of an envelope the chaincode rejected: it fails the command that was sent in that transaction under that key. */
    record Rejection(String txId, String commandKey, long blockNumber, String code, String message) {
    }

    final List<Row> rows = new ArrayList<>();
    final Map<String, WalletChange> wallets = new LinkedHashMap<>();
    final List<Confirmation> byTxId = new ArrayList<>(); // transactions without envelope, any command holding the id
    final List<Confirmation> byOwnItem = new ArrayList<>(); // this tenant's envelope commands, by transaction id and key
    final List<Confirmation> byCommandKey = new ArrayList<>(); // everything carrying this tenant's idempotency key
    final List<Rejection> rejections = new ArrayList<>();
    Long totalSupply;
    int transfers;
    long validCount;
    long invalidCount;

    static BatchChanges of(List<ParsedBlock> blocks, String tenantId) {
        BatchChanges changes = new BatchChanges();
        for (ParsedBlock block : blocks) {
            for (ParsedTransaction tx : block.transactions()) {
                if (!tx.valid()) {
                    changes.invalidCount++;
                } else if (tx.envelope() != null) {
                    changes.addEnvelope(block.number(), tx, tenantId);
                } else {
                    changes.addValid(block.number(), tx, tenantId);
                }
            }
        }
        return changes;
    }

    private void addValid(long blockNumber, ParsedTransaction tx, String tenantId) {
        validCount++;
        LedgerEvent event = tx.event();
        String commandKey = event == null ? null : Outbox.commandKeyOf(tenantId, event.idempotencyKey());
        Confirmation confirmation = new Confirmation(tx.txId(), commandKey, blockNumber, event);
        byTxId.add(confirmation);
        if (commandKey != null) {
            byCommandKey.add(confirmation);
        }
        if (event == null) {
            rows.add(new Row(blockNumber, tx.txId(), tx.index(), 0, tx.eventName() == null ? "NONE" : tx.eventName(), null, null,
                    null, null, null, "[]", null, null, null, null, false, null));
            return;
        }
        boolean applied = !event.replayed();
        rows.add(eventRow(blockNumber, tx, 0, event, event.eventType(), applied, event.originalTxId(), TxTimestamp.parse(event.txTimestamp())));
        if (applied) {
            applyEvent(blockNumber, tx.txId(), event);
        } // else an idempotent repeat: it changed nothing on the ledger
    }

    /**
     * An ApplyCommands transaction: its commands in position order, each applied exactly as its own
     * single transaction's event would be. A replayed command gets the row of an OperationReplayed
     * event (its result names the original transaction), a rejected one a row that records why.
     */
    private void addEnvelope(long blockNumber, ParsedTransaction tx, String tenantId) {
        validCount++;
        Timestamp timestamp = TxTimestamp.parse(tx.envelope().txTimestamp());
        for (CommandsApplied.Item item : tx.envelope().commands()) {
            String commandKey = Outbox.commandKeyOf(tenantId, item.idempotencyKey());
            LedgerEvent result = item.result();
            switch (item.outcome()) {
                case APPLIED -> {
                    rows.add(eventRow(blockNumber, tx, item.position(), result, result.eventType(), true, null, timestamp));
                    applyEvent(blockNumber, tx.txId(), result);
                }
                case REPLAYED -> rows.add(eventRow(blockNumber, tx, item.position(), result, LedgerEvent.OPERATION_REPLAYED, false,
                        result.txId(), timestamp));
                case REJECTED -> {
                    rows.add(new Row(blockNumber, tx.txId(), tx.index(), item.position(), COMMAND_REJECTED, null, item.idempotencyKey(),
                            null, null, null, "[]", null, null, item.error().code() + ": " + item.error().message(), null, false,
                            timestamp));
                    if (commandKey != null) {
                        rejections.add(new Rejection(tx.txId(), commandKey, blockNumber, item.error().code(), item.error().message()));
                    }
                }
            }
            if (commandKey != null && item.outcome() != CommandsApplied.Outcome.REJECTED) {
                Confirmation confirmation = new Confirmation(tx.txId(), commandKey, blockNumber, result);
                byOwnItem.add(confirmation);
                byCommandKey.add(confirmation);
            }
        }
    }

    /** The row of a command's event; the single-movement columns only for an applied one, as before envelopes. */
    private static Row eventRow(long blockNumber, ParsedTransaction tx, int position, LedgerEvent event, String eventType,
                                boolean applied, String originalTxId, Timestamp timestamp) {
        LedgerEvent.Movement first = applied ? event.firstMovement() : null;
        return new Row(blockNumber, tx.txId(), tx.index(), position, eventType, event.txType(), event.idempotencyKey(),
                first == null ? null : first.fromId(), first == null ? null : first.toId(), first == null ? null : first.amount(),
                event.movementsJson(), event.totalSupply(), event.remark(), event.reason(), originalTxId, applied, timestamp);
    }

    /** The ledger changes of an applied command's event: wallets as they stand after it, the supply if it moved. */
    private void applyEvent(long blockNumber, String txId, LedgerEvent event) {
        transfers += event.movementsOrEmpty().size();
        if (event.totalSupply() != null) {
            totalSupply = event.totalSupply(); // only genesis/mint/burn carry it; null never overwrites
        }
        for (LedgerEvent.WalletState state : event.walletsOrEmpty()) {
            WalletChange previous = wallets.remove(state.walletId()); // re-insert: map order = order of last change
            String reason = "FROZEN".equals(state.status()) ? event.reason() : null;
            if (reason == null && previous != null && "FROZEN".equals(state.status())) {
                reason = previous.freezeReason();
            }
            wallets.put(state.walletId(), new WalletChange(state, reason, previous == null ? 1 : previous.touches() + 1, txId,
                    blockNumber));
        }
    }
}
