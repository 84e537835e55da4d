package dev.tokenomics.client.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Answers outside the query contract are refused with what was wrong, never read as null or zero. */
class QueryResultsTest {
    @Test
    void aMissingFieldIsNamed() {
        assertThatThrownBy(() -> QueryResults.wallet("{\"walletId\":\"a\",\"owner\":\"o\",\"status\":\"ACTIVE\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GetWallet").hasMessageContaining("field balance is missing");
    }

    @Test
    void anAmountThatIsNotExactlyALongIsRefusedNotRounded() {
        assertThatThrownBy(() -> QueryResults.balance("{\"walletId\":\"a\",\"balance\":12.5}")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueryResults.totalSupply("{\"totalSupply\":9223372036854775808}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnknownStatusOrNonJsonIsRefused() {
        assertThatThrownBy(() -> QueryResults.wallet("{\"walletId\":\"a\",\"owner\":\"o\",\"balance\":1,\"status\":\"CLOSED\"}"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueryResults.walletPage("not json")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLastPageHasAnEmptyBookmark() {
        WalletPage page = QueryResults.walletPage("{\"wallets\":[],\"bookmark\":\"\",\"fetchedCount\":0}");
        assertThat(page.last()).isTrue();
        assertThat(page.wallets()).isEmpty();
    }
}
