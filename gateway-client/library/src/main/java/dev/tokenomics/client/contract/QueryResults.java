package dev.tokenomics.client.contract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON answers of the chaincode's queries (shapes in the chaincode's {@code Queries}).
 * Strict: a missing field or a wrong type is an answer outside the contract (another chaincode
 * version), reported as such rather than read as null or zero.
 */
final class QueryResults {
    private QueryResults() {
    }

    static Wallet wallet(String json) {
        return read(ChaincodeTransaction.GET_WALLET.function(), json, QueryResults::wallet);
    }

    static long balance(String json) {
        return read(ChaincodeTransaction.GET_BALANCE.function(), json, o -> amount(o, "balance"));
    }

    static long totalSupply(String json) {
        return read(ChaincodeTransaction.GET_TOTAL_SUPPLY.function(), json, o -> amount(o, "totalSupply"));
    }

    static OperationStatus operationStatus(String json) {
        return read(ChaincodeTransaction.IS_OPERATION_PROCESSED.function(), json, o -> new OperationStatus(text(o, "idempotencyKey"),
                required(o, "processed").getAsBoolean(), optionalText(o, "txId")));
    }

    static OperationRecord operation(String json) {
        return read(ChaincodeTransaction.GET_OPERATION.function(), json, o -> new OperationRecord(text(o, "idempotencyKey"), text(o, "requestHash"),
                text(o, "txId"), required(o, "result").getAsJsonObject().toString()));
    }

    static List<WalletVersion> walletHistory(String json) {
        return read(ChaincodeTransaction.GET_WALLET_HISTORY.function(), json, o -> {
            List<WalletVersion> versions = new ArrayList<>();
            for (JsonElement element : array(o, "history")) {
                JsonObject v = element.getAsJsonObject();
                JsonElement wallet = v.get("wallet");
                versions.add(new WalletVersion(text(v, "txId"), Instant.parse(text(v, "txTimestamp")),
                        required(v, "isDelete").getAsBoolean(),
                        wallet == null || wallet.isJsonNull() ? null : wallet(wallet.getAsJsonObject())));
            }
            return List.copyOf(versions);
        });
    }

    static WalletPage walletPage(String json) {
        return read(ChaincodeTransaction.LIST_WALLETS.function(), json, o -> {
            List<Wallet> wallets = new ArrayList<>();
            for (JsonElement element : array(o, "wallets")) {
                wallets.add(wallet(element.getAsJsonObject()));
            }
            String bookmark = optionalText(o, "bookmark");
            return new WalletPage(wallets, bookmark == null ? "" : bookmark);
        });
    }

    private static Wallet wallet(JsonObject o) {
        return new Wallet(text(o, "walletId"), text(o, "owner"), amount(o, "balance"),
                WalletStatus.valueOf(text(o, "status")));
    }

    private interface Reader<T> {
        T read(JsonObject answer);
    }

    private static <T> T read(String transaction, String json, Reader<T> reader) {
        try {
            return reader.read(JsonParser.parseString(json).getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | IllegalArgumentException
                 | ArithmeticException | DateTimeException e) {
            throw outsideContract(transaction, json, e);
        }
    }

    private static IllegalStateException outsideContract(String transaction, String json, RuntimeException e) {
        return new IllegalStateException("the chaincode's answer to " + transaction + " is not the contract's JSON ("
                + e.getMessage() + "): " + json, e);
    }

    private static JsonElement required(JsonObject o, String field) {
        JsonElement value = o.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IllegalStateException("field " + field + " is missing");
        }
        return value;
    }

    private static String text(JsonObject o, String field) {
        return required(o, field).getAsString();
    }

    /** Exactly a long: a fraction or an overflow is refused, not rounded as gson's getAsLong would. */
    private static long amount(JsonObject o, String field) {
        return new BigDecimal(text(o, field)).longValueExact();
    }

    private static String optionalText(JsonObject o, String field) {
        JsonElement value = o.get(field);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static JsonArray array(JsonObject o, String field) {
        return required(o, field).getAsJsonArray();
    }
}
