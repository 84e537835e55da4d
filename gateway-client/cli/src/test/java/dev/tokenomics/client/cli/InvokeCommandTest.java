package dev.tokenomics.client.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code invoke} and {@code query} against the devnet with the real chaincode jar. */
class InvokeCommandTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    @Test
    void theClisQueriesAndLedgerChangesAreTheIntentsTheChaincodeDeclares() throws Exception {
        JsonObject metadata = JsonParser.parseString(new String(devnet.contract("USER1")
                .evaluateTransaction("org.hyperledger.fabric:GetMetadata"), UTF_8)).getAsJsonObject();
        List<String> queries = new ArrayList<>();
        List<String> submits = new ArrayList<>();
        for (JsonElement transaction : metadata.getAsJsonObject("contracts").getAsJsonObject("TokenomicsContract")
                .getAsJsonArray("transactions")) {
            JsonObject declared = transaction.getAsJsonObject();
            String name = declared.get("name").getAsString();
            JsonElement tags = declared.get("tags");
            (tags != null && tags.toString().contains("SUBMIT") ? submits : queries).add(name);
        }

        assertThat(ChaincodeTransactions.QUERIES).as(metadata.toString()).containsExactlyInAnyOrderElementsOf(queries);
        assertThat(ChaincodeTransactions.SUBMITS).as(metadata.toString()).containsExactlyInAnyOrderElementsOf(submits);
    }
}
