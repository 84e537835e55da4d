package dev.tokenomics.chaincode.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys LedgerKeys builds itself are the shim's CompositeKey strings, character for character. */
class LedgerKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"w1", "tenant-a:payout-000017", "!~", "ünïcödé", "\uD83D\uDE00", "a b", ""})
    void buildsTheShimsCompositeKey(String attribute) {
        assertThat(LedgerKeys.wallet(attribute)).isEqualTo(new CompositeKey(LedgerKeys.WALLET, attribute).toString());
        assertThat(LedgerKeys.idempotencyRecord(attribute))
                .isEqualTo(new CompositeKey(LedgerKeys.IDEMPOTENCY_RECORD, attribute).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\uDBFF\uDFFF"})
    void refusesWhatTheShimRefuses(String attribute) {
        Throwable shims = catchThrowable(() -> new CompositeKey(LedgerKeys.IDEMPOTENCY_RECORD, attribute));
        Throwable ours = catchThrowable(() -> LedgerKeys.idempotencyRecord(attribute));
        assertThat(shims).isInstanceOf(IllegalArgumentException.class);
        assertThat(ours).isExactlyInstanceOf(shims.getClass()).hasMessage(shims.getMessage());
    }
}
