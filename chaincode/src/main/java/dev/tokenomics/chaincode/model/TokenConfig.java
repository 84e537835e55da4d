package dev.tokenomics.chaincode.model;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.json.CanonicalJson;
import dev.tokenomics.chaincode.json.JsonInput;
import dev.tokenomics.rules.ArgumentRules;

/** What Initialize fixes once: token symbol, decimals, and the MSP ids that act as admin or operator. */
public final class TokenConfig {
    private static final int MAX_DECIMALS = 18;
    private static final int MAX_SYMBOL_LENGTH = 16;

    private final String symbol;
    private final int decimals;
    private final List<String> adminMspIds;
    private final List<String> operatorMspIds;

    public TokenConfig(String symbol, int decimals, List<String> adminMspIds, List<String> operatorMspIds) {
        this.symbol = symbol;
        this.decimals = decimals;
        this.adminMspIds = Collections.unmodifiableList(adminMspIds);
        this.operatorMspIds = Collections.unmodifiableList(operatorMspIds);
    }

    /** Validates Initialize's argument. */
    public static TokenConfig parseArgument(String configJson) {
        JsonObject o = JsonInput.parseObject(configJson, "configJson");
        String symbol = ArgumentRules.requiredText(JsonInput.requiredString(o, "symbol"), "symbol", MAX_SYMBOL_LENGTH);
        String decimalsText = JsonInput.requiredScalarText(o, "decimals");
        if (!decimalsText.matches("0|[1-9][0-9]?") || Integer.parseInt(decimalsText) > MAX_DECIMALS) {
            throw LedgerRejection.of(ErrorCode.INVALID_ARGUMENT, "decimals must be an integer from 0 to " + MAX_DECIMALS)
                    .detail("field", "decimals").build();
        }
        List<String> admins = mspIds(o, "adminMspIds");
        List<String> operators = mspIds(o, "operatorMspIds");
        return new TokenConfig(symbol, Integer.parseInt(decimalsText), admins, operators);
    }

    private static List<String> mspIds(JsonObject o, String field) {
        List<String> ids = JsonInput.optionalStringList(o, field);
        for (String id : ids) {
            ArgumentRules.walletId(id, field);
        }
        return ids;
    }

    public String symbol() {
        return symbol;
    }

    public int decimals() {
        return decimals;
    }

    public boolean isAdminMsp(String mspId) {
        return adminMspIds.contains(mspId);
    }

    public boolean isOperatorMsp(String mspId) {
        return operatorMspIds.contains(mspId);
    }

    public void writeTo(JsonWriter w) throws IOException {
        w.beginObject();
        w.name("symbol").value(symbol);
        w.name("decimals").value(decimals);
        writeList(w, "adminMspIds", adminMspIds);
        writeList(w, "operatorMspIds", operatorMspIds);
        w.endObject();
    }

    public String toJson() {
        return CanonicalJson.write(this::writeTo);
    }

    public static TokenConfig fromStored(byte[] bytes, String key) {
        JsonObject o = JsonInput.parseStored(bytes, key);
        return new TokenConfig(o.get("symbol").getAsString(), o.get("decimals").getAsInt(),
                JsonInput.optionalStringList(o, "adminMspIds"), JsonInput.optionalStringList(o, "operatorMspIds"));
    }

    private static void writeList(JsonWriter w, String name, List<String> values) throws IOException {
        w.name(name).beginArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }
}
