package io.outrider.dedup.similar;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimilarIncidentsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private static Incident incident(String id, String... alerts) {
        Incident incident = null;
        for (String a : alerts) {
            String[] parts = a.split("/"); // alertname/service/symptom
            Alert alert = Alert.firing(
                    Map.of("alertname", parts[0], "service", parts[1], "symptom", parts[2]),
                    Map.of(),
                    T0,
                    "outrider",
                    "");
            incident = incident == null ? Incident.open(id, alert, "") : incident.with(alert, "");
        }
        return incident;
    }

    @Test
    void theClosestSignaturesComeFirstAndUnrelatedOnesNot() {
        Incident now = incident("now", "Errors/pricing-service/errors", "Latency/order-service/latency");
        List<Incident> past = List.of(
                incident("same", "Errors/pricing-service/errors", "Latency/order-service/latency"),
                incident("close", "Errors/pricing-service/errors"),
                incident("other", "HeartbeatLoss/rider-service/heartbeat"),
                now);
        List<SimilarIncidents.Match> matches = SimilarIncidents.find(now, past, 5);
        assertThat(matches).extracting(m -> m.incident().id()).containsExactly("same", "close");
        assertThat(matches.getFirst().similarity()).isEqualTo(1.0);
        assertThat(matches.get(1).similarity()).isBetween(0.4, 0.6);
        assertThat(SimilarIncidents.signature(now))
                .contains("service:pricing-service", "symptom:latency", "alert:Errors");
        assertThat(SimilarIncidents.find(now, List.of(now), 3)).isEmpty();
    }

    private static Incident rooted(Incident incident, String service, String series) {
        return incident.withRootCause(new RootCause(
                T0.plusSeconds(60),
                List.of(new RootCause.Suspect(
                        service, 12, List.of(new RootCause.Evidence(series, 12, T0.toEpochMilli(), 10, 300))))));
    }

    @Test
    void theSameRootCauseMakesIncidentsWithTheSameSymptomsCloser() {
        Incident now =
                rooted(incident("now", "Latency/order-service/latency"), "eta-service", "eta-service_lat_99 URL:/eta");
        Incident sameCause =
                rooted(incident("eta", "Latency/order-service/latency"), "eta-service", "eta-service_lat_99 URL:/eta");
        Incident otherCause = rooted(
                incident("pricing", "Latency/order-service/latency"), "pricing-service", "pricing-service_gc_ms");
        List<SimilarIncidents.Match> matches = SimilarIncidents.find(now, List.of(otherCause, sameCause), 2);
        assertThat(matches).extracting(m -> m.incident().id()).containsExactly("eta", "pricing");
        assertThat(matches.getFirst().similarity()).isEqualTo(1.0);
        assertThat(matches.get(1).similarity()).isLessThan(0.7);
        assertThat(SimilarIncidents.signature(now)).contains("root:eta-service", "root-signal:lat_99 URL:/eta");
    }
}
