package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static ClaimedCommand transfer(long id, String payload) {
        return new ClaimedCommand(id, "t", "TRANSFER", payload, "k" + id, "wallet:a", "wallet:b", 1, 0, Duration.ZERO, null, null);
    }

    @Test
    void theArgumentIsTheItemsInOrderWrittenAsGsonWritesTheObject() {
        ClaimedCommand first = transfer(1, "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":5}");
        ClaimedCommand second = transfer(2, "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":7,\"remark\":\"caf\\u00e9 \\\"x\\\"\"}");

        List<LedgerTransaction> packed = LedgerTransaction.pack(List.of(first, second), 10);

        assertThat(packed).hasSize(1);
        JsonArray items = new JsonArray();
        for (ClaimedCommand command : List.of(first, second)) {
            items.add(CommandPayload.parse(CommandType.TRANSFER, command.payload())
                    .envelopeItem(Outbox.chaincodeKey(command.tenantId(), command.idempotencyKey())));
        }
        JsonObject expected = new JsonObject();
        expected.add("commands", items);
        assertThat(packed.get(0).fresh().json()).isEqualTo(expected.toString());
        assertThat(JsonParser.parseString(packed.get(0).fresh().json()).getAsJsonObject().getAsJsonArray("commands").get(1)
                .getAsJsonObject().get("remark").getAsString()).isEqualTo("café \"x\"");
    }

    @Test
    void aFreshEnvelopeTouchesWhatItsCommandsWouldLockOneByOne() {
        ClaimedCommand out = new ClaimedCommand(1, "t", "TRANSFER", "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":5}", "k1",
                "custom-key", "wallet:b", 1, 0, Duration.ZERO, null, null);
        ClaimedCommand mint = new ClaimedCommand(2, "t", "MINT", "{\"walletId\":\"c\",\"amount\":5}", "k2", "wallet:c", null,
                1, 0, Duration.ZERO, null, null);

        LedgerTransaction envelope = LedgerTransaction.pack(List.of(out, mint), 10).get(0);

        java.util.Set<String> oneByOne = new java.util.TreeSet<>(ClaimPlan.lockKeys(out));
        oneByOne.addAll(ClaimPlan.lockKeys(mint));
        assertThat(envelope.wallets()).isEqualTo(oneByOne).containsExactly("custom-key", "wallet:a", "wallet:b", "wallet:c");
    }
}
