package io.outrider.logistics.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.logistics.city.Weather;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CityTrafficTest {

    private static Instant at(int hour, int minute) {
        return LocalDateTime.of(2026, 11, 24, hour, minute).toInstant(ZoneOffset.ofHours(8));
    }

    @Test
    void lunchAndDinnerArePeaksAndNightIsQuiet() {
        assertThat(DemandProfile.at(12 * 60)).isEqualTo(2.0);
        assertThat(DemandProfile.at(18 * 60)).isEqualTo(1.8);
        assertThat(DemandProfile.at(3 * 60)).isEqualTo(0.2);
        assertThat(DemandProfile.at(21 * 60)).isEqualTo(1.0);
    }

    @Test
    void rateFollowsCityShareWeatherAndSurges() {
        CityTraffic traffic = new CityTraffic(
                "http://127.0.0.1:1",
                List.of("shanghai", "beijing"),
                30,
                1,
                at(21, 0),
                true,
                1,
                new PrometheusRegistry());
        Instant now = Instant.now();

        assertThat(traffic.rate("shanghai", now))
                .isCloseTo(20, org.assertj.core.data.Offset.offset(0.5)); // shares 2/3 and 1/3
        assertThat(traffic.rate("beijing", now)).isCloseTo(10, org.assertj.core.data.Offset.offset(0.5));

        traffic.setWeather("beijing", Weather.STORM);
        traffic.surge("shanghai", 3, Duration.ofMinutes(5), "holiday");

        assertThat(traffic.rate("shanghai", now)).isCloseTo(60, org.assertj.core.data.Offset.offset(1.5));
        assertThat(traffic.rate("beijing", now)).isCloseTo(18, org.assertj.core.data.Offset.offset(0.5));
        assertThat(traffic.status().surges()).hasSize(1);
    }

    @Test
    void surgesEndAndBadRequestsAreRefused() {
        CityTraffic traffic = new CityTraffic(
                "http://127.0.0.1:1", List.of("shanghai"), 10, 1, at(21, 0), true, 1, new PrometheusRegistry());
        CityTraffic.Surge surge = traffic.surge(null, 3, Duration.ofMinutes(5), "holiday");

        assertThat(traffic.clearSurge(surge.id())).isTrue();
        assertThat(traffic.status().surges()).isEmpty();
        assertThatThrownBy(() -> traffic.surge("gotham", 2, Duration.ofMinutes(1), "x"))
                .hasMessageContaining("unknown city gotham");
        assertThatThrownBy(() -> traffic.surge(null, 0, Duration.ofMinutes(1), "x"))
                .hasMessageContaining("factor");
    }
}
