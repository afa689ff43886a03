package io.outrider.dedup.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Impact;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.dedup.rca.SeriesSource;
import io.outrider.dedup.rca.ServiceSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpactMeterTest {

    private static final Instant FAULT = Instant.parse("2026-11-24T12:30:00Z");

    /** Orders dispatched per minute: 300 before the fault, 180 after; created stays at 320. */
    private static SeriesSource kpis() {
        return new SeriesSource() {
            @Override
            public List<ServiceSeries> series(java.util.Set<String> services, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public List<ServiceSeries> kpis(Instant from, Instant to) {
                int n = (int) Duration.between(from, to).toMinutes();
                long[] times = new long[n];
                double[] dispatched = new double[n];
                double[] created = new double[n];
                for (int i = 0; i < n; i++) {
                    Instant at = from.plus(Duration.ofMinutes(i));
                    times[i] = at.toEpochMilli();
                    dispatched[i] = at.isBefore(FAULT) ? 300 : 180;
                    created[i] = 320;
                }
                return List.of(
                        new ServiceSeries("order-service", "order.dispatched", times, dispatched),
                        new ServiceSeries("order-service", "order.created", times, created));
            }
        };
    }

    @Test
    void theKpisDuringTheIncidentAreComparedWithBefore() throws Exception {
        Alert alert = Alert.firing(
                Map.of("alertname", "DispatchRate", "city", "shanghai", "severity", "critical"),
                Map.of(),
                FAULT.plusSeconds(60),
                "outrider",
                "");
        Incident incident = Incident.open("inc-1", alert, "");
        Impact impact = new ImpactMeter(kpis()).measure(incident, FAULT.plus(Duration.ofMinutes(10)));
        assertThat(impact.kpis())
                .extracting(Impact.Kpi::name)
                .containsExactly("order-service order.dispatched", "order-service order.created");
        Impact.Kpi dispatched = impact.kpis().getFirst();
        assertThat(dispatched.baseline()).isEqualTo(300);
        assertThat(dispatched.during()).isEqualTo(180);
        assertThat(dispatched.deltaPercent()).isEqualTo(-40);
        assertThat(impact.kpis().get(1).deltaPercent()).isZero();

        Incident measured = incident.withImpact(impact);
        assertThat(IncidentJson.decode(IncidentJson.encode(measured))).isEqualTo(measured);
        assertThat(IncidentJson.toNode(measured)
                        .at("/impact/kpis/0/deltaPercent")
                        .asDouble())
                .isEqualTo(-40);
        assertThat(ImpactMeter.same(impact, impact)).isTrue();
        Impact recovered = new Impact(
                impact.measuredAt(),
                List.of(
                        new Impact.Kpi(dispatched.name(), 300, 290),
                        impact.kpis().get(1)));
        assertThat(ImpactMeter.same(impact, recovered)).isFalse();
    }
}
