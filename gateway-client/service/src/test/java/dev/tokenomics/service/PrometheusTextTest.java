package dev.tokenomics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test-side reader of the exposition format takes what the format allows and refuses the rest. */
class PrometheusTextTest {
    @Test
    void readsTypedFamiliesWithEscapedLabelsSpecialValuesAndTimestamps() {
        String exposition = """
                # HELP requests_seconds Requests.
                # TYPE requests_seconds summary
                requests_seconds_count{route="/a",method="GET"} 3 1700000000000
                requests_seconds_sum{method="GET",route="/a"} 0.25
                # TYPE depth gauge
                depth{tenant="a \\"b\\"\\\\c\\nd",} +Inf
                depth NaN
                # TYPE refused_total counter
                refused_total -1.5e3
                """;

        assertThat(PrometheusText.parse(exposition))
                .containsEntry("requests_seconds_count{method=\"GET\",route=\"/a\"}", 3.0)
                .containsEntry("requests_seconds_sum{method=\"GET\",route=\"/a\"}", 0.25)
                .containsEntry("depth{tenant=\"a \\\"b\\\"\\\\c\\nd\"}", Double.POSITIVE_INFINITY)
                .containsEntry("refused_total", -1500.0)
                .hasSize(5);
    }

    @Test
    void refusesWhatAPrometheusServerWouldRefuse() {
        assertThatThrownBy(() -> PrometheusText.parse("depth 1\n")).hasMessageContaining("no TYPE declared");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE depth gauge\ndepth{a=\"1\"} 1\ndepth{a=\"1\"} 2\n")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE depth gauge\ndepth{a=1} 1\n")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE depth gauge\ndepth{a=\"\\t\"} 1\n")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE depth gauge\ndepth one\n")).hasMessageContaining("value");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE depth gauge\n# TYPE depth counter\n")).hasMessageContaining("second TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE lat histogram\nlat 1\n")).hasMessageContaining("no TYPE declared");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE depth gauge\ndepth 1")).hasMessageContaining("line feed");
    }
}
