package dev.tokenomics.client.outbox;

import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.INVALID_ARGUMENT;
import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.MALFORMED_PAYLOAD;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.tokenomics.rules.ArgumentRules;
import dev.tokenomics.rules.InvalidArgumentException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A command's JSON payload, validated at enqueue time with the chaincode's own argument rules
 * ({@link ArgumentRules}), so a command the ledger is certain to refuse is refused before it is
 * stored rather than failing later on the ledger. Shapes:
 * TRANSFER {fromId,toId,amount[,txType][,remark]}; BATCH_TRANSFER {transfers:[{fromId,toId,amount}]} (1-100 legs);
 * MINT/BURN {walletId,amount}; CREATE_WALLET {walletId,owner}; FREEZE_WALLET {walletId,reason};
 * UNFREEZE_WALLET {walletId}. Amounts are positive integers of minor units up to 10^18 (a JSON number or
 * a string of digits). Other fields are kept and ignored, but no string or name may hold a NUL
 * character: PostgreSQL's jsonb cannot store one.
 */
final class CommandPayload {
    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);
    private static final String TOP = "";

    private final CommandType type;
    private final JsonObject json;

    private CommandPayload(CommandType type, JsonObject json) {
        this.type = type;
        this.json = json;
    }

    public static CommandPayload parse(CommandType type, String payload) {
        CommandPayload parsed = new CommandPayload(type, parseObject(payload));
        parsed.validate();
        return parsed;
    }

    /**
     * A stored row's command, or null if the row is not a valid one (written by plain SQL, or before
     * V9): such a row never reaches the ledger, it is failed on its own.
     */
    static CommandPayload ofStored(String commandType, String payload) {
        try {
            return parse(CommandType.fromWire(commandType), payload);
        } catch (InvalidCommandException e) {
            return null;
        }
    }

    /** RFC 8259 only, as the chaincode reads JSON: no comments, NaN or unquoted names, which jsonb would refuse later. */
    private static JsonObject parseObject(String payload) {
        JsonElement element;
        try (JsonReader reader = new JsonReader(new StringReader(payload == null ? "" : payload))) {
            reader.setStrictness(Strictness.STRICT);
            element = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new InvalidCommandException(MALFORMED_PAYLOAD, "payload has content after the JSON value: " + abbreviate(payload));
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new InvalidCommandException(MALFORMED_PAYLOAD, "payload is not valid JSON: " + abbreviate(payload));
        }
        if (element == null || !element.isJsonObject()) {
            throw new InvalidCommandException(MALFORMED_PAYLOAD, "payload must be a JSON object, got: " + abbreviate(payload));
        }
        return element.getAsJsonObject();
    }

    private void validate() {
        switch (type) {
            case TRANSFER -> {
                transferLeg(json, TOP);
                String txType = string(json, "txType", TOP);
                if (txType != null) {
                    rule(TOP, () -> ArgumentRules.txType(txType));
                }
                String remark = string(json, "remark", TOP);
                rule(TOP, () -> ArgumentRules.remark(remark));
            }
            case BATCH_TRANSFER -> {
                JsonArray transfers = array("transfers");
                check(TOP, () -> ArgumentRules.batchSize(transfers.size()));
                for (int i = 0; i < transfers.size(); i++) {
                    String where = "transfers[" + i + "]";
                    if (!transfers.get(i).isJsonObject()) {
                        throw new InvalidCommandException(INVALID_ARGUMENT, where, where + " must be an object");
                    }
                    transferLeg(transfers.get(i).getAsJsonObject(), where);
                }
            }
            case MINT, BURN -> {
                walletId(json, "walletId", TOP);
                amount(json, TOP);
            }
            case CREATE_WALLET -> {
                walletId(json, "walletId", TOP);
                String owner = string(json, "owner", TOP);
                rule(TOP, () -> ArgumentRules.owner(owner));
            }
            case FREEZE_WALLET -> {
                walletId(json, "walletId", TOP);
                String reason = string(json, "reason", TOP);
                rule(TOP, () -> ArgumentRules.freezeReason(reason));
            }
            case UNFREEZE_WALLET -> walletId(json, "walletId", TOP);
            default -> throw new IllegalStateException("unhandled " + type);
        }
        storable(json, TOP);
    }

    private static void transferLeg(JsonObject leg, String where) {
        String from = walletId(leg, "fromId", where);
        String to = walletId(leg, "toId", where);
        check(where, () -> ArgumentRules.distinct(from, to));
        amount(leg, where);
    }

    /**
     * The lock and ordering key of a wallet. V8's generated {@code touch_key} spells the same
     * {@code wallet:} namespace in SQL, for rows inserted by other programs; OutboxTest holds the two to agree.
     */
    static String walletKey(String walletId) {
        return "wallet:" + walletId;
    }

    /** Commands with the same ordering key never run concurrently: default is the wallet funds leave from. */
    public String defaultOrderingKey() {
        return switch (type) {
            case TRANSFER -> walletKey(json.get("fromId").getAsString());
            case BATCH_TRANSFER -> walletKey(json.getAsJsonArray("transfers").get(0).getAsJsonObject().get("fromId").getAsString());
            default -> walletKey(json.get("walletId").getAsString());
        };
    }

    /** The chaincode call; {@code chaincodeKey} is the tenant-namespaced idempotency key. */
    public ChaincodeInvocation invocation(String chaincodeKey) {
        return switch (type) {
            case TRANSFER -> new ChaincodeInvocation("TransferInternal",
                    str("fromId"), str("toId"), Long.toString(json.get("amount").getAsLong()),
                    strOr("txType", "TRANSFER"), strOr("remark", ""), chaincodeKey);
            case BATCH_TRANSFER -> {
                JsonObject body = new JsonObject();
                body.add("transfers", json.getAsJsonArray("transfers"));
                yield new ChaincodeInvocation("BatchTransfer", body.toString(), chaincodeKey);
            }
            case MINT -> new ChaincodeInvocation("Mint", str("walletId"), Long.toString(json.get("amount").getAsLong()), chaincodeKey);
            case BURN -> new ChaincodeInvocation("Burn", str("walletId"), Long.toString(json.get("amount").getAsLong()), chaincodeKey);
            case CREATE_WALLET -> new ChaincodeInvocation("CreateWallet", str("walletId"), str("owner"));
            case FREEZE_WALLET -> new ChaincodeInvocation("FreezeWallet", str("walletId"), str("reason"));
            case UNFREEZE_WALLET -> new ChaincodeInvocation("UnfreezeWallet", str("walletId"));
        };
    }

    /** Types an ApplyCommands envelope carries; wallet administration stays a single transaction of its own. */
    public boolean coalescable() {
        return switch (type) {
            case TRANSFER, BATCH_TRANSFER, MINT, BURN -> true;
            default -> false;
        };
    }

    /** Movements as the envelope bound counts them: a batch its legs, anything else 1. */
    public int movements() {
        return type == CommandType.BATCH_TRANSFER ? json.getAsJsonArray("transfers").size() : 1;
    }

    /**
     * Every wallet this command reads or writes, as {@code wallet:<id>} (the ordering keys' namespace):
     * what its transaction must hold so that no other transaction in flight touches them.
     */
    public Set<String> wallets() {
        Set<String> wallets = new TreeSet<>();
        switch (type) {
            case TRANSFER -> {
                wallets.add(walletKey(str("fromId")));
                wallets.add(walletKey(str("toId")));
            }
            case BATCH_TRANSFER -> {
                for (JsonElement leg : json.getAsJsonArray("transfers")) {
                    wallets.add(walletKey(leg.getAsJsonObject().get("fromId").getAsString()));
                    wallets.add(walletKey(leg.getAsJsonObject().get("toId").getAsString()));
                }
            }
            default -> wallets.add(walletKey(str("walletId")));
        }
        return wallets;
    }

    /**
     * This command as an item of an ApplyCommands envelope, in JSON: the same arguments as its single
     * transaction. Written straight to text (a JsonObject built first cost as much again, a thousand
     * times per envelope).
     */
    public String envelopeItem(String chaincodeKey) {
        StringWriter text = new StringWriter(192);
        try (JsonWriter item = new JsonWriter(text)) {
            item.beginObject();
            item.name("type").value(type.name());
            item.name("idempotencyKey").value(chaincodeKey);
            switch (type) {
                case TRANSFER -> {
                    item.name("fromId").value(str("fromId"));
                    item.name("toId").value(str("toId"));
                    item.name("amount").value(json.get("amount").getAsLong());
                    item.name("txType").value(strOr("txType", "TRANSFER"));
                    item.name("remark").value(strOr("remark", ""));
                }
                case BATCH_TRANSFER -> ELEMENTS.write(item.name("transfers"), json.getAsJsonArray("transfers"));
                case MINT, BURN -> {
                    item.name("walletId").value(str("walletId"));
                    item.name("amount").value(json.get("amount").getAsLong());
                }
                default -> throw new IllegalStateException(type + " is not carried by an envelope");
            }
            item.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return text.toString();
    }

    public String json() {
        return json.toString();
    }

    private String str(String field) {
        return json.get(field).getAsString();
    }

    private String strOr(String field, String fallback) {
        JsonElement value = json.get(field);
        return value == null || value.isJsonNull() ? fallback : value.getAsString();
    }

    /** Applies one of the chaincode's rules; a violation names the field, inside its batch leg if it has one. */
    private static <T> T rule(String where, Supplier<T> rule) {
        try {
            return rule.get();
        } catch (InvalidArgumentException e) {
            if (where.isEmpty()) {
                throw new InvalidCommandException(INVALID_ARGUMENT, e.field(), e.getMessage());
            }
            // "amount exceeds ..." becomes "transfers[3].amount exceeds ...".
            String message = e.getMessage().startsWith(e.field() + " ") ? where + "." + e.getMessage() : where + ": " + e.getMessage();
            throw new InvalidCommandException(INVALID_ARGUMENT, where + "." + e.field(), message);
        }
    }

    private static void check(String where, Runnable rule) {
        rule(where, () -> {
            rule.run();
            return null;
        });
    }

    private static String walletId(JsonObject object, String field, String where) {
        String value = string(object, field, where);
        return rule(where, () -> ArgumentRules.walletId(value, field));
    }

    /** A string field's value, null if absent; present but not a string is refused. */
    private static String string(JsonObject object, String field, String where) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!(value instanceof JsonPrimitive primitive) || !primitive.isString()) {
            String path = path(where, field);
            throw new InvalidCommandException(INVALID_ARGUMENT, path, path + " must be a string");
        }
        return primitive.getAsString();
    }

    private JsonArray array(String field) {
        JsonElement value = json.get(field);
        if (value == null || !value.isJsonArray()) {
            throw new InvalidCommandException(INVALID_ARGUMENT, field, field + " must be an array");
        }
        return value.getAsJsonArray();
    }

    /** 800 or "800"; stored as the number, so equal requests have equal payloads. */
    private static void amount(JsonObject object, String where) {
        JsonElement value = object.get("amount");
        if (value != null && !value.isJsonNull() && (!value.isJsonPrimitive() || value.getAsJsonPrimitive().isBoolean())) {
            String path = path(where, "amount");
            throw new InvalidCommandException(INVALID_ARGUMENT, path, path + " must be a number");
        }
        String text = value == null || value.isJsonNull() ? null : value.getAsString();
        long amount = rule(where, () -> ArgumentRules.amount(text, "amount"));
        object.addProperty("amount", amount);
    }

    /** Every name and string, fields the chaincode ignores included: jsonb refuses U+0000, so refuse it here by name. */
    private static void storable(JsonElement element, String where) {
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                if (member.getKey().indexOf('\u0000') >= 0) {
                    String field = where.isEmpty() ? "payload" : where;
                    throw new InvalidCommandException(INVALID_ARGUMENT, field, field + " has a field name with a NUL character");
                }
                storable(member.getValue(), path(where, member.getKey()));
            }
        } else if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                storable(array.get(i), where + "[" + i + "]");
            }
        } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString() && element.getAsString().indexOf('\u0000') >= 0) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where, where + " contains a NUL character");
        }
    }

    private static String path(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
