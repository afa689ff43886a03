package io.outrider.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    private final Alert firing = Alert.firing(
            Map.of("alertname", "ErrorRatio", "service", "order-service", "city", "shanghai"),
            Map.of("summary", "errors", "observed", "0.2"),
            Instant.parse("2026-11-24T10:00:00Z"),
            "outrider",
            "http://127.0.0.1:8080/services/order-service");

    @Test
    void firingAndResolvedSurviveTheRoundTrip() {
        assertThat(AlertJson.decode(AlertJson.encode(firing))).isEqualTo(firing);
        Alert resolved = firing.resolved(Instant.parse("2026-11-24T10:05:00Z"), Map.of("observed", "0.01"));
        Alert back = AlertJson.decode(AlertJson.encode(resolved));
        assertThat(back).isEqualTo(resolved);
        assertThat(back.status()).isEqualTo(Alert.Status.RESOLVED);
        assertThat(back.annotations()).containsEntry("observed", "0.01").containsEntry("summary", "errors");
        assertThat(back.fingerprint()).isEqualTo(firing.fingerprint()).isEqualTo(Fingerprint.of(firing.labels()));
    }

    @Test
    void theUnitIsTheCityWhenThereIsNoUnitLabel() {
        assertThat(firing.unit()).isEqualTo("shanghai");
        assertThat(firing.occurrenceId())
                .isEqualTo(firing.fingerprint() + "-" + firing.startsAt().toEpochMilli());
    }

    @Test
    void badRecordsNameWhatIsWrong() {
        assertThatThrownBy(() -> AlertJson.decode("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> AlertJson.decode(
                        "{\"fingerprint\":\"a\",\"status\":\"pending\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("firing or resolved");
        assertThatThrownBy(() -> AlertJson.decode(
                        ("{\"fingerprint\":\"a\",\"status\":\"firing\",\"labels\":{\"alertname\":\"x\"},"
                                        + "\"startsAt\":\"yesterday\",\"source\":\"s\"}")
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("startsAt");
    }
}
