package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    /** A transfer whose ordering key is not its source wallet, and a mint: lock keys of both kinds. */
    private static final ClaimedCommand OUT = new ClaimedCommand(1, "t", "TRANSFER", "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":5}", "k1",
            "custom-key", "wallet:b", 1, 0, Duration.ZERO, null, null);
    private static final ClaimedCommand MINT = new ClaimedCommand(2, "t", "MINT", "{\"walletId\":\"c\",\"amount\":5}", "k2", "wallet:c", null,
            1, 0, Duration.ZERO, null, null);

    private static ClaimedCommand transfer(long id, String payload) {
        return new ClaimedCommand(id, "t", "TRANSFER", payload, "k" + id, "wallet:a", "wallet:b", 1, 0, Duration.ZERO, null, null);
    }

    @Test
    void theArgumentIsTheItemsInOrderWrittenAsGsonWritesTheObject() {
        ClaimedCommand first = transfer(1, "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":5}");
        ClaimedCommand second = transfer(2, "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":7,\"remark\":\"caf\\u00e9 \\\"x\\\"\"}");

        List<LedgerTransaction> packed = LedgerTransaction.pack(List.of(first, second), Map.of(), 10);

        assertThat(packed).hasSize(1);
        JsonArray items = new JsonArray();
        items.add(transferItem("t:k1", 5, ""));
        items.add(transferItem("t:k2", 7, "caf\u00e9 \"x\""));
        JsonObject expected = new JsonObject();
        expected.add("commands", items);
        assertThat(packed.get(0).fresh().json()).isEqualTo(expected.toString());
        assertThat(JsonParser.parseString(packed.get(0).fresh().json()).getAsJsonObject().getAsJsonArray("commands").get(1)
                .getAsJsonObject().get("remark").getAsString()).isEqualTo("café \"x\"");
    }

    @Test
    void envelopeItemOfWritesTheItemPackingWrites() {
        ClaimedCommand command = transfer(1, "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":5}");

        String item = Outbox.envelopeItemOf(command.commandType(), command.payload(), "t:k1");

        assertThat(LedgerTransaction.pack(List.of(command), Map.of(), 10).get(0).fresh().json()).isEqualTo("{\"commands\":[" + item + "]}");
        assertThat(item).isEqualTo(transferItem("t:k1", 5, "").toString());
    }

    @Test
    void batchAndMintItemsAreWrittenAsGsonWritesThem() {
        String legs = "[{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":\"3\"},{\"fromId\":\"a\",\"toId\":\"c\",\"amount\":4}]";
        ClaimedCommand batch = new ClaimedCommand(1, "t", "BATCH_TRANSFER", "{\"transfers\":" + legs + "}", "k1", "wallet:a", null,
                1, 0, Duration.ZERO, null, null);

        String json = LedgerTransaction.pack(List.of(batch, MINT), Map.of(), 10).get(0).fresh().json();

        JsonObject batchItem = new JsonObject();
        batchItem.addProperty("type", "BATCH_TRANSFER");
        batchItem.addProperty("idempotencyKey", "t:k1");
        // Amounts as the payload's rules store them: numbers.
        batchItem.add("transfers", JsonParser.parseString(legs.replace("\"3\"", "3")));
        JsonObject mintItem = new JsonObject();
        mintItem.addProperty("type", "MINT");
        mintItem.addProperty("idempotencyKey", "t:k2");
        mintItem.addProperty("walletId", "c");
        mintItem.addProperty("amount", 5L);
        JsonArray items = new JsonArray();
        items.add(batchItem);
        items.add(mintItem);
        JsonObject expected = new JsonObject();
        expected.add("commands", items);
        assertThat(json).isEqualTo(expected.toString());
    }

    @Test
    void packingWithTheClaimsParseGivesWhatParsingAgainGives() {
        ClaimedCommand poison = new ClaimedCommand(3, "t", "MINT", "{\"walletId\":\"c\"}", "k3", "wallet:c", null,
                1, 0, Duration.ZERO, null, null);
        Map<Long, ClaimPlan.Candidate> planned = new java.util.HashMap<>();
        for (ClaimedCommand command : List.of(OUT, MINT, poison)) {
            planned.put(command.id(), ClaimPlan.Candidate.of(command.id(), command.commandType(), command.payload(), command.orderingKey(),
                    command.touchKey(), null, true));
        }

        List<LedgerTransaction> parsedAgain = LedgerTransaction.pack(List.of(OUT, MINT, poison), Map.of(), 10);
        List<LedgerTransaction> fromClaim = LedgerTransaction.pack(List.of(OUT, MINT, poison), planned, 10);

        assertThat(fromClaim).hasSize(2).hasSameSizeAs(parsedAgain);
        assertThat(fromClaim.get(0).fresh().json()).isEqualTo(parsedAgain.get(0).fresh().json());
        assertThat(fromClaim.get(0).wallets()).isEqualTo(parsedAgain.get(0).wallets())
                .containsExactly("custom-key", "wallet:a", "wallet:b", "wallet:c");
        assertThat(fromClaim.get(1).commands()).containsExactly(poison);
        assertThat(fromClaim.get(1).envelope()).isFalse();
    }

    /** A transfer's item as ApplyCommands reads it, built by Gson. */
    private static JsonObject transferItem(String chaincodeKey, long amount, String remark) {
        JsonObject item = new JsonObject();
        item.addProperty("type", "TRANSFER");
        item.addProperty("idempotencyKey", chaincodeKey);
        item.addProperty("fromId", "a");
        item.addProperty("toId", "b");
        item.addProperty("amount", amount);
        item.addProperty("txType", "TRANSFER");
        item.addProperty("remark", remark);
        return item;
    }

    @Test
    void aFreshEnvelopeTouchesWhatItsCommandsWouldLockOneByOne() {

        LedgerTransaction envelope = LedgerTransaction.pack(List.of(OUT, MINT), Map.of(), 10).get(0);

        java.util.Set<String> oneByOne = new java.util.TreeSet<>(ClaimPlan.lockKeys(OUT));
        oneByOne.addAll(ClaimPlan.lockKeys(MINT));
        assertThat(envelope.wallets()).isEqualTo(oneByOne).containsExactly("custom-key", "wallet:a", "wallet:b", "wallet:c");
    }
}
