package io.outrider.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void samplesLabelsEscapesSpecialValuesAndTimestampsAreRead() {
        String text = """
                # HELP http_requests_total Requests.
                # TYPE http_requests_total counter
                http_requests_total{method="POST",path="/orders",msg="say \\"hi\\"\\nback\\\\slash"} 1027 1395066363000
                http_requests_total{ method = "GET" , } 3
                latency_bucket{le="+Inf"} +Inf
                free_riders NaN
                temperature -1.5e3

                """;

        List<PrometheusText.Sample> samples = PrometheusText.parse(text);

        assertThat(samples).hasSize(5);
        assertThat(samples.get(0).labels())
                .containsExactly(
                        Map.entry("method", "POST"),
                        Map.entry("path", "/orders"),
                        Map.entry("msg", "say \"hi\"\nback\\slash"));
        assertThat(samples.get(0).value()).isEqualTo(1027);
        assertThat(samples.get(0).timestampMillis()).isEqualTo(1395066363000L);
        assertThat(samples.get(1).labels()).containsExactly(Map.entry("method", "GET"));
        assertThat(samples.get(1).timestampMillis()).isNull();
        assertThat(samples.get(2).value()).isInfinite();
        assertThat(samples.get(3).value()).isNaN();
        assertThat(samples.get(4).value()).isEqualTo(-1500);
    }

    @Test
    void openMetricsEofEndsTheExposition() {
        assertThat(PrometheusText.parse("a 1\n# EOF\nb 2\n"))
                .extracting(PrometheusText.Sample::name)
                .containsExactly("a");
    }

    @Test
    void aMalformedLineFailsTheScrapeNamingTheLine() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbroken{a=\"x} 1\n"))
                .hasMessageStartingWith("line 2: label value not closed");
        assertThatThrownBy(() -> PrometheusText.parse("x{a=\"1\"} many\n")).hasMessageContaining("not a number: many");
        assertThatThrownBy(() -> PrometheusText.parse("{a=\"1\"} 1\n")).hasMessageContaining("no metric name");
        assertThatThrownBy(() -> PrometheusText.parse("x 1 soon\n")).hasMessageContaining("timestamp");
    }
}
