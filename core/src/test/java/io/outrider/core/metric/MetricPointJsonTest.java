package io.outrider.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricPointJsonTest {

    @Test
    void aPointSurvivesTheRoundTrip() {
        MetricPoint point =
                MetricPoint.of("http_requests", Map.of("service", "order", "code", "200"), 1_700_000_000_123L, 42.5);
        assertThat(MetricPointJson.decode(MetricPointJson.encode(point))).isEqualTo(point);
    }

    @Test
    void infinityIsWrittenAsAString() {
        MetricPoint point = MetricPoint.of("le_bucket", Map.of("le", "+Inf"), 1L, Double.POSITIVE_INFINITY);
        assertThat(new String(MetricPointJson.encode(point), StandardCharsets.UTF_8))
                .contains("\"value\":\"+Inf\"");
        assertThat(MetricPointJson.decode(MetricPointJson.encode(point)).value())
                .isInfinite();
    }

    @Test
    void badRecordsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> MetricPointJson.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MetricPointJson.decode(
                        "{\"name\":\"x\",\"ts\":1,\"value\":\"high\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a number");
        assertThatThrownBy(
                        () -> MetricPointJson.decode("{\"name\":\"x\",\"value\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no ts");
    }
}
