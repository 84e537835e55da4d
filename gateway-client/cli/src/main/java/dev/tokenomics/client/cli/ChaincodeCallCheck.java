package dev.tokenomics.client.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.tokenomics.client.contract.ChaincodeFailedException;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.TokenomicsContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Says what was wrong with an {@code invoke}/{@code query} call the chaincode failed without a
 * business code. The Java shim answers a call with too few arguments with a bare "Unexpected error"
 * and an unknown name with "Undefined contract method called"; the contract's own metadata
 * (org.hyperledger.fabric:GetMetadata) names each transaction's parameters, so the caller can be
 * told which transactions exist and what a call takes. Those are bad input (exit 2); any other
 * chaincode failure stays what it was.
 */
final class ChaincodeCallCheck {
    private static final String SYSTEM_CONTRACT = "org.hyperledger.fabric";

    private ChaincodeCallCheck() {
    }

    /** The exception to report for {@code failure}: an {@link IllegalArgumentException} naming the mistake, or {@code failure}. */
    static Exception explain(TokenomicsContract contract, String name, String[] args, ChaincodeFailedException failure) {
        Map<String, List<String>> transactions;
        try {
            transactions = transactions(contract.evaluate(SYSTEM_CONTRACT + ":GetMetadata"));
        } catch (LedgerException | JsonParseException | IllegalStateException e) {
            return failure;
        }
        String function = name.contains(":") ? name.substring(name.indexOf(':') + 1) : name;
        List<String> parameters = transactions.get(function);
        if (parameters == null) {
            return new IllegalArgumentException("the chaincode has no transaction '" + function + "' (" + failure.chaincodeMessage()
                    + "); it has: " + String.join(", ", new TreeSet<>(transactions.keySet())));
        }
        if (args.length < parameters.size()) {
            return new IllegalArgumentException(function + " takes " + parameters.size() + " argument(s) (" + String.join(", ", parameters)
                    + "), got " + args.length + "; the chaincode answered: " + failure.chaincodeMessage());
        }
        return failure;
    }

    /** Transaction name -> parameter names, over the chaincode's contracts. */
    static Map<String, List<String>> transactions(String metadataJson) {
        Map<String, List<String>> transactions = new HashMap<>();
        JsonObject contracts = JsonParser.parseString(metadataJson).getAsJsonObject().getAsJsonObject("contracts");
        for (Map.Entry<String, JsonElement> contract : contracts.entrySet()) {
            if (contract.getKey().equals(SYSTEM_CONTRACT)) {
                continue;
            }
            for (JsonElement transaction : contract.getValue().getAsJsonObject().getAsJsonArray("transactions")) {
                List<String> parameters = new ArrayList<>();
                JsonElement declared = transaction.getAsJsonObject().get("parameters");
                if (declared != null && declared.isJsonArray()) {
                    declared.getAsJsonArray().forEach(p -> parameters.add(p.getAsJsonObject().get("name").getAsString()));
                }
                transactions.put(transaction.getAsJsonObject().get("name").getAsString(), parameters);
            }
        }
        return transactions;
    }
}
