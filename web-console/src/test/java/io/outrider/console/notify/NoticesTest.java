package io.outrider.console.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoticesTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static Incident opened() {
        Alert alert = Alert.firing(
                Map.of("alertname", "Latency", "service", "eta-service", "city", "beijing", "severity", "critical"),
                Map.of(),
                T0,
                "test",
                "");
        return Incident.open("INC-1", alert, "");
    }

    private static List<String> events(List<Notice> notices) {
        return notices.stream().map(Notice::event).toList();
    }

    @Test
    void announcesOpeningStatusRootCauseAndRunsButNotNotes() {
        Notices notices = new Notices();
        Incident incident = opened();
        assertThat(events(notices.of(incident))).containsExactly("opened");
        incident = incident.withNote("looking", "bob", T0.plusSeconds(30));
        assertThat(notices.of(incident)).isEmpty();
        incident = incident.transition(IncidentStatus.ACKNOWLEDGED, "bob", T0.plusSeconds(40))
                .withEvent(
                        "runbook",
                        "runbook eta-shed on eta-service (run RUN-9): proposed — awaiting approval",
                        T0.plusSeconds(41));
        List<Notice> both = notices.of(incident);
        assertThat(events(both)).containsExactly("acknowledged", "runbook");
        assertThat(both.get(0).text()).isEqualTo("acknowledged by bob");
        assertThat(both.get(1).runId()).isEqualTo("RUN-9");
        incident = incident.withEvent(
                "runbook", "runbook eta-shed on eta-service (run RUN-9): recovery verified", T0.plusSeconds(90));
        assertThat(notices.of(incident).getFirst().runId())
                .as("only a run awaiting approval has buttons")
                .isNull();
        incident = incident.transition(IncidentStatus.RESOLVED, "bob", T0.plusSeconds(120));
        assertThat(events(notices.of(incident))).containsExactly("resolved");
        // the same change read again (a Kafka redelivery) says nothing new
        assertThat(notices.of(incident)).isEmpty();
    }

    @Test
    void anIncidentFirstSeenLateAnnouncesOnlyItsLastChange() {
        Incident incident = opened().transition(IncidentStatus.ACKNOWLEDGED, "bob", T0.plusSeconds(40))
                .transition(IncidentStatus.MITIGATED, "bob", T0.plusSeconds(80));
        assertThat(events(new Notices().of(incident))).containsExactly("mitigated");
    }

    @Test
    void routesMatchSeverityServicesUnitsAndEvents() {
        Notice critical = ChannelSenderTest.notice("INC-1", "opened", "triggered", null);
        assertThat(new NotifyProperties.Route("warning", List.of(), List.of(), List.of()).matches(critical))
                .isTrue();
        assertThat(new NotifyProperties.Route("info", List.of("rider-service"), List.of(), List.of()).matches(critical))
                .isFalse();
        assertThat(new NotifyProperties.Route("info", List.of("eta-service"), List.of("beijing"), List.of("opened"))
                        .matches(critical))
                .isTrue();
        assertThat(new NotifyProperties.Route("info", List.of(), List.of("shanghai"), List.of()).matches(critical))
                .isFalse();
        assertThat(new NotifyProperties.Route("info", List.of(), List.of(), List.of("resolved")).matches(critical))
                .isFalse();
    }
}
