package dev.tokenomics.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bounds both the chaincode and the outbox enforce, at their edges. */
class ArgumentRulesTest {

    private static void refused(Runnable rule, String field, String message) {
        assertThatThrownBy(rule::run)
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.details()).containsKey("field");
                })
                .hasMessage(message);
    }

    @Test
    void amountsAreCanonicalDecimalMinorUnitsUpToTenToTheEighteenth() {
        assertThat(ArgumentRules.amount("1", "amount")).isEqualTo(1);
        assertThat(ArgumentRules.amount("1000000000000000000", "amount")).isEqualTo(ArgumentRules.MAX_AMOUNT);
        String grammar = "amount must be a positive integer of minor units without sign or leading zeros";
        for (String bad : new String[] {"0", "-5", "+5", "08", "8.5", "1e3", " 1", "", "x"}) {
            refused(() -> ArgumentRules.amount(bad, "amount"), "amount", grammar);
        }
        refused(() -> ArgumentRules.amount("1000000000000000001", "amount"), "amount", "amount exceeds the maximum amount 1000000000000000000");
        refused(() -> ArgumentRules.amount("9223372036854775807", "amount"), "amount", "amount exceeds the maximum amount 1000000000000000000");
        refused(() -> ArgumentRules.amount("9999999999999999999", "amount"), "amount", "amount exceeds the maximum amount 1000000000000000000");
    }

    @Test
    void identifiersAreVisibleAsciiWithinTheirLength() {
        assertThat(ArgumentRules.walletId("w".repeat(128), "walletId")).hasSize(128);
        assertThat(ArgumentRules.idempotencyKey("t1:" + "k".repeat(253))).hasSize(256);
        refused(() -> ArgumentRules.walletId("w".repeat(129), "fromId"), "fromId", "fromId must be 1-128 visible ASCII characters");
        refused(() -> ArgumentRules.walletId("w\u0000", "walletId"), "walletId", "walletId must be 1-128 visible ASCII characters");
        refused(() -> ArgumentRules.walletId("my wallet", "walletId"), "walletId", "walletId must be 1-128 visible ASCII characters");
        refused(() -> ArgumentRules.walletId("wé", "walletId"), "walletId", "walletId must be 1-128 visible ASCII characters");
        refused(() -> ArgumentRules.walletId(null, "toId"), "toId", "toId is required");
        refused(() -> ArgumentRules.idempotencyKey("k".repeat(257)), "idempotencyKey", "idempotencyKey must be 1-256 visible ASCII characters");
    }

    @Test
    void textIsBoundedAndFreeOfControlCharacters() {
        assertThat(ArgumentRules.remark("")).isNull();
        assertThat(ArgumentRules.remark("r".repeat(512))).hasSize(512);
        refused(() -> ArgumentRules.remark("r".repeat(513)), "remark", "remark is longer than 512 characters");
        refused(() -> ArgumentRules.remark("a\u0000b"), "remark", "remark contains a control character");
        refused(() -> ArgumentRules.txType("T".repeat(65)), "txType", "txType is longer than 64 characters");
        refused(() -> ArgumentRules.freezeReason(null), "reason", "reason is required");
        refused(() -> ArgumentRules.freezeReason("  "), "reason", "reason is required");
        refused(() -> ArgumentRules.owner("o".repeat(1025)), "owner", "owner is longer than 1024 characters");
    }

    @Test
    void aBatchHoldsOneToAHundredLegsOfDistinctWallets() {
        ArgumentRules.batchSize(1);
        ArgumentRules.batchSize(100);
        refused(() -> ArgumentRules.batchSize(0), "transfers", "transfers must hold 1 to 100 items");
        refused(() -> ArgumentRules.batchSize(151), "transfers", "transfers must hold 1 to 100 items");
        refused(() -> ArgumentRules.distinct("w1", "w1"), "toId", "fromId and toId must be different wallets");
    }

    @Test
    void anEnvelopeMovesOneToAThousandTimesInAtMost3MiB() {
        ArgumentRules.envelopeMovements(1);
        ArgumentRules.envelopeMovements(1000);
        refused(() -> ArgumentRules.envelopeMovements(0), "commands", "commands must move 1 to 1000 times");
        refused(() -> ArgumentRules.envelopeMovements(1001), "commands", "commands must move 1 to 1000 times");
        ArgumentRules.envelopeBytes("x".repeat(3_145_728), "commandsJson");
        // Counted in UTF-8 bytes, not chars: 1,572,865 two-byte characters are 3,145,730 bytes.
        refused(() -> ArgumentRules.envelopeBytes("é".repeat(1_572_865), "commandsJson"), "commandsJson",
                "commandsJson is larger than 3145728 bytes");
    }

    @Test
    void detailsEchoABoundedPrefixOfTheValue() {
        InvalidArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidArgumentException.class,
                () -> ArgumentRules.amount("9".repeat(100), "amount"));
        assertThat(e.details()).containsEntry("field", "amount").containsEntry("value", "9".repeat(64));
        assertThat(e.details().keySet()).containsExactly("field", "value");
    }
}
