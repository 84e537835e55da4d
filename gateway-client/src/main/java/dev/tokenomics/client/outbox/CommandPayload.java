package dev.tokenomics.client.outbox;

import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.INVALID_ARGUMENT;
import static dev.tokenomics.client.outbox.InvalidCommandException.Reason.MALFORMED_PAYLOAD;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * A command's JSON payload, validated at enqueue time so that a malformed command is refused before
 * it is stored rather than failing later on the ledger. Shapes:
 * TRANSFER {fromId,toId,amount[,txType][,remark]}; BATCH_TRANSFER {transfers:[{fromId,toId,amount}]};
 * MINT/BURN {walletId,amount}; CREATE_WALLET {walletId,owner}; FREEZE_WALLET {walletId[,reason]};
 * UNFREEZE_WALLET {walletId}. Amounts are positive integers in minor units.
 */
public final class CommandPayload {
    private final CommandType type;
    private final JsonObject json;

    private CommandPayload(CommandType type, JsonObject json) {
        this.type = type;
        this.json = json;
    }

    public static CommandPayload parse(CommandType type, String payload) {
        JsonObject json;
        try {
            JsonElement element = JsonParser.parseString(payload == null ? "" : payload);
            if (!element.isJsonObject()) {
                throw new InvalidCommandException(MALFORMED_PAYLOAD, "payload must be a JSON object, got: " + abbreviate(payload));
            }
            json = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new InvalidCommandException(MALFORMED_PAYLOAD, "payload is not valid JSON: " + abbreviate(payload));
        }
        CommandPayload parsed = new CommandPayload(type, json);
        parsed.validate();
        return parsed;
    }

    private void validate() {
        switch (type) {
            case TRANSFER -> {
                transferLeg(json, "payload");
                optionalText("txType");
                optionalText("remark");
            }
            case BATCH_TRANSFER -> {
                JsonArray transfers = array("transfers");
                if (transfers.isEmpty()) {
                    throw new InvalidCommandException(INVALID_ARGUMENT, "transfers must not be empty");
                }
                for (int i = 0; i < transfers.size(); i++) {
                    if (!transfers.get(i).isJsonObject()) {
                        throw new InvalidCommandException(MALFORMED_PAYLOAD, "transfers[" + i + "] must be an object");
                    }
                    transferLeg(transfers.get(i).getAsJsonObject(), "transfers[" + i + "]");
                }
            }
            case MINT, BURN -> {
                text(json, "walletId", "payload");
                amount(json, "payload");
            }
            case CREATE_WALLET -> {
                text(json, "walletId", "payload");
                text(json, "owner", "payload");
            }
            case FREEZE_WALLET -> {
                text(json, "walletId", "payload");
                optionalText("reason");
            }
            case UNFREEZE_WALLET -> text(json, "walletId", "payload");
            default -> throw new IllegalStateException("unhandled " + type);
        }
    }

    private static void transferLeg(JsonObject leg, String where) {
        String from = text(leg, "fromId", where);
        String to = text(leg, "toId", where);
        amount(leg, where);
        if (from.equals(to)) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where + ": fromId and toId must differ");
        }
    }

    /** Commands with the same ordering key never run concurrently: default is the wallet funds leave from. */
    public String defaultOrderingKey() {
        return switch (type) {
            case TRANSFER -> "wallet:" + json.get("fromId").getAsString();
            case BATCH_TRANSFER -> "wallet:" + json.getAsJsonArray("transfers").get(0).getAsJsonObject().get("fromId").getAsString();
            default -> "wallet:" + json.get("walletId").getAsString();
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
            case FREEZE_WALLET -> new ChaincodeInvocation("FreezeWallet", str("walletId"), strOr("reason", ""));
            case UNFREEZE_WALLET -> new ChaincodeInvocation("UnfreezeWallet", str("walletId"));
        };
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

    private static String text(JsonObject object, String field, String where) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where + ": missing '" + field + "'");
        }
        if (!(value instanceof JsonPrimitive primitive) || !primitive.isString() || primitive.getAsString().isBlank()) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where + ": '" + field + "' must be a non-empty string");
        }
        return primitive.getAsString();
    }

    private void optionalText(String field) {
        JsonElement value = json.get(field);
        if (value != null && !value.isJsonNull() && !(value instanceof JsonPrimitive p && p.isString())) {
            throw new InvalidCommandException(INVALID_ARGUMENT, "'" + field + "' must be a string");
        }
    }

    private JsonArray array(String field) {
        JsonElement value = json.get(field);
        if (value == null || !value.isJsonArray()) {
            throw new InvalidCommandException(INVALID_ARGUMENT, "missing array '" + field + "'");
        }
        return value.getAsJsonArray();
    }

    private static long amount(JsonObject object, String where) {
        JsonElement value = object.get("amount");
        if (value == null || value.isJsonNull()) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where + ": missing 'amount'");
        }
        long amount;
        try {
            // Accept 800 or "800"; reject 8.5, 1e3, overflow.
            amount = Long.parseLong(value.getAsString());
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where + ": amount must be an integer number of minor units, got " + value);
        }
        if (amount <= 0) {
            throw new InvalidCommandException(INVALID_ARGUMENT, where + ": amount must be positive, got " + amount);
        }
        object.addProperty("amount", amount);
        return amount;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
