package io.outrider.alert.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowMetricsTest {

    private static final LocalDateTime T0 = LocalDateTime.parse("2026-01-01T00:00:00");

    @Test
    void runsOfFlaggedPointsAreDetectionsAndWindowsAreFoundOnce() {
        List<LocalDateTime> times = new ArrayList<>();
        double[] scores = new double[100];
        for (int i = 0; i < 100; i++) times.add(T0.plusMinutes(i));
        // window 1 (points 10..20): two detections inside; window 2 (60..70): missed; one false detection at 40
        scores[12] = scores[13] = scores[14] = 0.9; // one run = one detection
        scores[18] = 0.95;
        scores[40] = 0.85;
        scores[80] = 0.5; // below the threshold
        var series = new NabScorer.Series(
                "s",
                times,
                scores,
                List.of(
                        new NabScorer.Window(T0.plusMinutes(10), T0.plusMinutes(20)),
                        new NabScorer.Window(T0.plusMinutes(60), T0.plusMinutes(70))));
        WindowMetrics.Result r = WindowMetrics.of(List.of(series), 0.8);
        assertThat(r.windows()).isEqualTo(2);
        assertThat(r.found()).isEqualTo(1);
        assertThat(r.detections()).isEqualTo(3);
        assertThat(r.trueDetections()).isEqualTo(2);
        assertThat(r.precision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(r.recall()).isCloseTo(0.5, within(1e-9));
        assertThat(r.f1()).isCloseTo(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), within(1e-9));
        assertThat(WindowMetrics.of(List.of(series), 0.99).f1()).isZero();
    }
}
