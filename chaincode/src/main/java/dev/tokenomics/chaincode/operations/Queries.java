package dev.tokenomics.chaincode.operations;

import java.util.Optional;

import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.TxTimestamps;
import dev.tokenomics.chaincode.idempotency.OperationRecord;
import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.chaincode.model.Wallet;
import dev.tokenomics.chaincode.state.LedgerKeys;
import dev.tokenomics.chaincode.state.WorldState;
import dev.tokenomics.rules.ArgumentRules;

/** Read-only transactions (evaluate): anyone may call them; they write nothing and set no event. */
public final class Queries {
    public static final int MAX_PAGE_SIZE = 1000;

    private Queries() {
    }

    public static String wallet(WorldState state, String walletId) {
        return existingWallet(state, walletId).toJson();
    }

    public static String balance(WorldState state, String walletId) {
        Wallet wallet = existingWallet(state, walletId);
        return CanonicalJson.write(w -> w.beginObject()
                .name("walletId").value(wallet.walletId())
                .name("balance").value(wallet.balance())
                .endObject());
    }

    public static String totalSupply(WorldState state) {
        long supply = state.totalSupply();
        return CanonicalJson.write(w -> w.beginObject().name("totalSupply").value(supply).endObject());
    }

    public static String isOperationProcessed(WorldState state, String idempotencyKey) {
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        Optional<OperationRecord> record = state.operation(key);
        return CanonicalJson.write(w -> {
            w.beginObject();
            w.name("idempotencyKey").value(key);
            w.name("processed").value(record.isPresent());
            CanonicalJson.nullableString(w, "txId", record.map(r -> r.result().txId()).orElse(null));
            w.endObject();
        });
    }

    public static String operation(WorldState state, String idempotencyKey) {
        String key = ArgumentRules.idempotencyKey(idempotencyKey);
        return state.operation(key).map(OperationRecord::toJson).orElseThrow(() -> LedgerRejection
                .of(ErrorCode.NOT_FOUND, "no operation was recorded under idempotency key " + key)
                .detail("idempotencyKey", key).build());
    }

    /** Every committed version of the wallet, as Fabric's history database returns them. */
    public static String walletHistory(WorldState state, String walletId) {
        Wallet current = existingWallet(state, walletId);
        ChaincodeStub stub = state.stub();
        String key = LedgerKeys.wallet(current.walletId());
        return CanonicalJson.write(w -> {
            w.beginObject();
            w.name("walletId").value(current.walletId());
            w.name("history").beginArray();
            try (QueryResultsIterator<KeyModification> history = stub.getHistoryForKey(key)) {
                for (KeyModification m : history) {
                    w.beginObject();
                    w.name("txId").value(m.getTxId());
                    w.name("txTimestamp").value(TxTimestamps.format(m.getTimestamp()));
                    w.name("isDelete").value(m.isDeleted());
                    w.name("wallet");
                    if (m.isDeleted()) {
                        w.nullValue();
                    } else {
                        Wallet.fromStored(m.getValue(), key).writeTo(w);
                    }
                    w.endObject();
                }
            }
            w.endArray();
            w.endObject();
        });
    }

    /** One page of wallets in key order; pass the returned bookmark to get the next page ("" when done). */
    public static String listWallets(WorldState state, String pageSizeText, String bookmark) {
        if (pageSizeText == null || !pageSizeText.matches("[1-9][0-9]{0,3}") || Integer.parseInt(pageSizeText) > MAX_PAGE_SIZE) {
            throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "pageSize must be an integer from 1 to " + MAX_PAGE_SIZE)
                    .detail("field", "pageSize").build();
        }
        int pageSize = Integer.parseInt(pageSizeText);
        String from = bookmark == null ? "" : bookmark;
        return CanonicalJson.write(w -> {
            w.beginObject();
            w.name("wallets").beginArray();
            try (QueryResultsIteratorWithMetadata<KeyValue> page = state.stub()
                    .getStateByPartialCompositeKeyWithPagination(LedgerKeys.walletPrefix(), pageSize, from)) {
                for (KeyValue kv : page) {
                    Wallet.fromStored(kv.getValue(), kv.getKey()).writeTo(w);
                }
                w.endArray();
                w.name("bookmark").value(page.getMetadata().getBookmark());
                w.name("fetchedCount").value(page.getMetadata().getFetchedRecordsCount());
            }
            w.endObject();
        });
    }

    private static Wallet existingWallet(WorldState state, String walletId) {
        String id = ArgumentRules.walletId(walletId, "walletId");
        return state.wallet(id).orElseThrow(() -> WalletWorkingSet.notFound(id));
    }
}
