package dev.tokenomics.client.projector;

import dev.tokenomics.client.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set-based form of consecutive blocks: one row per VALID transaction, the last state of each
 * wallet they touched (so a wallet row is written once however often it moved), the outbox
 * commands to confirm, and the checkpoint's counters. Invalid transactions contribute only to the
 * invalid count.
 */
final class BatchChanges {
    record Row(long blockNumber, String txId, int index, String eventType, String txType, String idempotencyKey, String fromId,
               String toId, Long amount, String movementsJson, Long totalSupply, String remark, String reason, String originalTxId,
               boolean applied, Timestamp timestamp) {
    }

    /** A wallet's state after its last change in the batch; {@code touches} = transactions that changed it. */
    record WalletChange(LedgerEvent.WalletState state, String freezeReason, long touches, String lastTxId, long lastBlock) {
    }

    /**
     * A VALID transaction that may confirm a command: by its id, or by the command's idempotency key
     * (null if it carries none) when its event records that command's request.
     */
    record Confirmation(String txId, String commandKey, long blockNumber, LedgerEvent event) {
    }

    final List<Row> rows = new ArrayList<>();
    final Map<String, WalletChange> wallets = new LinkedHashMap<>();
    final List<Confirmation> byTxId = new ArrayList<>();
    final List<Confirmation> byCommandKey = new ArrayList<>(); // the subset carrying this tenant's idempotency key
    Long totalSupply;
    int transfers;
    long validCount;
    long invalidCount;

    static BatchChanges of(List<ParsedBlock> blocks, String tenantId) {
        BatchChanges changes = new BatchChanges();
        for (ParsedBlock block : blocks) {
            for (ParsedTransaction tx : block.transactions()) {
                if (tx.valid()) {
                    changes.addValid(block.number(), tx, tenantId);
                } else {
                    changes.invalidCount++;
                }
            }
        }
        return changes;
    }

    private void addValid(long blockNumber, ParsedTransaction tx, String tenantId) {
        validCount++;
        String commandKey = tx.event() == null ? null : Outbox.commandKeyOf(tenantId, tx.event().idempotencyKey());
        Confirmation confirmation = new Confirmation(tx.txId(), commandKey, blockNumber, tx.event());
        byTxId.add(confirmation);
        if (commandKey != null) {
            byCommandKey.add(confirmation);
        }
        LedgerEvent event = tx.event();
        if (event == null) {
            rows.add(new Row(blockNumber, tx.txId(), tx.index(), tx.eventName() == null ? "NONE" : tx.eventName(), null, null,
                    null, null, null, "[]", null, null, null, null, false, null));
            return;
        }
        boolean applied = !event.replayed();
        LedgerEvent.Movement first = applied ? event.firstMovement() : null;
        rows.add(new Row(blockNumber, tx.txId(), tx.index(), event.eventType(), event.txType(), event.idempotencyKey(),
                first == null ? null : first.fromId(), first == null ? null : first.toId(), first == null ? null : first.amount(),
                event.movementsJson(), event.totalSupply(), event.remark(), event.reason(), event.originalTxId(), applied,
                timestamp(event.txTimestamp())));
        if (!applied) {
            return; // an idempotent repeat changed nothing on the ledger
        }
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
            wallets.put(state.walletId(), new WalletChange(state, reason, previous == null ? 1 : previous.touches() + 1, tx.txId(),
                    blockNumber));
        }
    }

    private static Timestamp timestamp(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Timestamp.from(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            throw new MalformedBlockException("txTimestamp '" + iso + "' is not ISO-8601 UTC", e);
        }
    }
}
