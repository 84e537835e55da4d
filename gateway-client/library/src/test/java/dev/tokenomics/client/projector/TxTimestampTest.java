package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TxTimestampTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-06T16:12:38.418Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000Z",
                            "9999-12-31T23:59:59.999Z", "2016-12-31T23:59:60.000Z", "2026-12-06T16:12:38Z", "2026-12-06T16:12:38.123456789Z"})
    void readsWhatInstantParseReads(String iso) {
        assertThat(TxTimestamp.parse(iso)).isEqualTo(Timestamp.from(Instant.parse(iso)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-06T16:12:38.418Z", "2026-02-30T16:12:38.418Z", "2026-12-06T24:12:38.418Z", "abcd-12-06T16:12:38.418Z",
                            "2026-12-06T16:12:38.4a8Z", "-026-12-06T16:12:38.418Z", "2026-12-06 16:12:38.418Z", "2026-12-06T16:12:38.418+",
                            "", "yesterday"})
    void refusesWhatInstantParseRefuses(String iso) {
        assertThatThrownBy(() -> TxTimestamp.parse(iso)).isInstanceOf(MalformedBlockException.class).hasMessageContaining(iso);
    }

    @Test
    void noTimestampIsNull() {
        assertThat(TxTimestamp.parse(null)).isNull();
    }
}
