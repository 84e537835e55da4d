package dev.tokenomics.chaincode.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.events.LedgerEvent;
import dev.tokenomics.chaincode.idempotency.RequestHash;
import dev.tokenomics.chaincode.json.JsonInput;
import dev.tokenomics.chaincode.model.Movement;
import dev.tokenomics.chaincode.model.Wallet;
import dev.tokenomics.rules.ArgumentRules;

/**
 * Transfer, TransferInternal and BatchTransfer. Each reads every wallet it moves funds between,
 * so a concurrent transaction that changed one of them makes this one fail MVCC validation: two
 * spends of the same balance cannot both commit.
 */
public final class Transfers {
    private static final Logger LOG = Logger.getLogger(Transfers.class.getName());

    private Transfers() {
    }

    /** Owner of fromId, or an operator/admin, moves funds; not idempotent (a retry moves again). */
    public static String transfer(Invocation tx, String fromId, String toId, String amountText) {
        Movement movement = movement(fromId, toId, amountText);
        WalletWorkingSet wallets = new WalletWorkingSet(tx.state());
        Wallet from = wallets.load(movement.fromId());
        wallets.load(movement.toId());
        if (!from.owner().equals(tx.caller().id()) && !tx.access().isOperatorOrAdmin()) {
            throw tx.access().unauthorized("Transfer", "owner of " + from.walletId() + ", operator or admin");
        }
        wallets.transfer(movement);
        wallets.writeAll(tx.state());
        LedgerEvent event = tx.event(EventType.TransferCompleted, "TRANSFER")
                .movement(movement).wallets(wallets.touched()).build();
        tx.state().emit(event);
        LOG.fine(() -> "tx " + tx.txId() + ": transfer " + movement.amount() + " " + fromId + " -> " + toId);
        return event.toJson();
    }

    /** Operator/admin transfer on behalf of users, at most once per idempotency key. */
    public static String transferInternal(Invocation tx, String fromId, String toId, String amountText,
                                          String txType, String remark, String idempotencyKey) {
        return IdempotentExecution.run(tx, internalCommand(fromId, toId, amountText, txType, remark, idempotencyKey));
    }

    /** Several transfers, all or nothing, at most once per idempotency key. */
    public static String batchTransfer(Invocation tx, String transfersJson, String idempotencyKey) {
        List<Movement> movements = parseBatch(JsonInput.parseObject(transfersJson, "transfersJson"));
        return IdempotentExecution.run(tx, batchCommand(movements, idempotencyKey));
    }

    static IdempotentCommand internalCommand(String fromId, String toId, String amountText,
                                             String txType, String remark, String idempotencyKey) {
        Movement movement = movement(fromId, toId, amountText);
        String type = ArgumentRules.txType(txType);
        String note = ArgumentRules.remark(remark);
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        String hash = RequestHash.of("TransferInternal", w -> {
            w.value(movement.fromId()).value(movement.toId()).value(movement.amount()).value(type);
            if (note == null) {
                w.nullValue();
            } else {
                w.value(note);
            }
        });
        return new IdempotentCommand(key, hash, access -> access.requireOperatorOrAdmin("TransferInternal"),
                (tx, wallets, supply) -> {
                    wallets.transfer(movement);
                    return tx.event(EventType.InternalTransferEvent, type).idempotencyKey(key).remark(note)
                            .movement(movement).wallets(wallets.touched()).build();
                });
    }

    /** BatchTransfer's command; {@code movements} come from {@link #parseBatch}. */
    static IdempotentCommand batchCommand(List<Movement> movements, String idempotencyKey) {
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        String hash = RequestHash.of("BatchTransfer", w -> {
            for (Movement m : movements) {
                m.writeTo(w);
            }
        });
        return new IdempotentCommand(key, hash, access -> access.requireOperatorOrAdmin("BatchTransfer"),
                (tx, wallets, supply) -> {
                    LedgerEvent.Builder event = tx.event(EventType.BatchTransferCompleted, "BATCH").idempotencyKey(key);
                    for (Movement m : movements) {
                        wallets.transfer(m);
                        event.movement(m);
                    }
                    return event.wallets(wallets.touched()).build();
                });
    }

    private static Movement movement(String fromId, String toId, String amountText) {
        String from = ArgumentRules.walletId(fromId, "fromId");
        String to = ArgumentRules.walletId(toId, "toId");
        ArgumentRules.distinct(from, to);
        return new Movement(from, to, ArgumentRules.amount(amountText, "amount"));
    }

    /** The legs of {@code {"transfers":[{fromId,toId,amount}]}}, in request order. */
    static List<Movement> parseBatch(JsonObject request) {
        JsonArray items = JsonInput.requiredArray(request, "transfers");
        ArgumentRules.batchSize(items.size());
        List<Movement> movements = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = JsonInput.objectAt(items, i, "transfers");
            movements.add(movement(JsonInput.requiredString(item, "fromId"), JsonInput.requiredString(item, "toId"),
                    JsonInput.requiredScalarText(item, "amount")));
        }
        return movements;
    }
}
