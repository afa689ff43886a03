package io.outrider.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.core.alert.Alert;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private static Alert alert(String name, String service, String severity, Instant at) {
        return Alert.firing(
                Map.of("alertname", name, "service", service, "severity", severity, "city", "shanghai"),
                Map.of(),
                at,
                "outrider",
                "");
    }

    @Test
    void alertsFoldInWithCountsServicesSeverityAndTimeline() {
        Alert errors = alert("Errors", "order-service", "warning", T0);
        Incident incident = Incident.open("inc-1", errors, "first");
        incident = incident.with(alert("Latency", "eta-service", "critical", T0.plusSeconds(30)), "calls");
        incident = incident.with(errors.resolved(T0.plusSeconds(60), Map.of()), "");
        incident = incident.with(alert("Errors", "order-service", "warning", T0.plusSeconds(90)), "");
        assertThat(incident.unit()).isEqualTo("shanghai");
        assertThat(incident.services()).containsExactly("eta-service", "order-service");
        assertThat(incident.severity()).isEqualTo("critical");
        assertThat(incident.alerts()).hasSize(2);
        assertThat(incident.alerts().get(errors.fingerprint()).count()).isEqualTo(2);
        assertThat(incident.alertCount()).isEqualTo(3);
        assertThat(incident.timeline())
                .extracting(Incident.TimelineEntry::text)
                .containsExactly(
                        "firing Errors on order-service (first)",
                        "firing Latency on eta-service (calls)",
                        "resolved Errors on order-service",
                        "firing Errors on order-service");
        assertThat(incident.updatedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void theLifecycleAllowsItsStepsOnly() {
        Incident incident = Incident.open("inc-2", alert("Errors", "order-service", "warning", T0), "");
        Incident acked = incident.transition(IncidentStatus.ACKNOWLEDGED, "alice", T0.plusSeconds(60));
        Incident resolved = acked.transition(IncidentStatus.RESOLVED, "alice", T0.plusSeconds(120));
        assertThat(resolved.status().open()).isFalse();
        // its alert fires again: triggered again
        assertThat(resolved.with(alert("Errors", "order-service", "warning", T0.plusSeconds(300)), "")
                        .status())
                .isEqualTo(IncidentStatus.TRIGGERED);
        Incident merged = acked.transition(IncidentStatus.MERGED, "bob", T0.plusSeconds(90));
        assertThatThrownBy(() -> merged.transition(IncidentStatus.TRIGGERED, "bob", T0.plusSeconds(100)))
                .hasMessageContaining("is merged and cannot become triggered");
        assertThatThrownBy(() -> resolved.transition(IncidentStatus.ACKNOWLEDGED, "bob", T0.plusSeconds(100)))
                .isInstanceOf(IllegalStateException.class);
    }

    private static RootCause ranking(Instant at, String... services) {
        java.util.List<RootCause.Suspect> suspects = new java.util.ArrayList<>();
        for (int i = 0; i < services.length; i++)
            suspects.add(new RootCause.Suspect(
                    services[i],
                    10.0 / (i + 1),
                    java.util.List.of(new RootCause.Evidence(
                            services[i] + "_lat_99", 10.0 / (i + 1), T0.toEpochMilli(), 40, 900))));
        return new RootCause(at, suspects);
    }

    @Test
    void theTimelineNotesWhenTheMostLikelyRootCauseChanges() {
        Incident incident = Incident.open("inc-4", alert("Latency", "order-service", "warning", T0), "");
        incident = incident.withRootCause(ranking(T0.plusSeconds(60), "order-service", "eta-service"));
        incident = incident.withRootCause(ranking(T0.plusSeconds(120), "order-service", "eta-service"));
        incident = incident.withRootCause(ranking(T0.plusSeconds(180), "eta-service", "order-service"));
        assertThat(incident.rootCause().services()).containsExactly("eta-service", "order-service");
        assertThat(incident.timeline())
                .filteredOn(e -> e.kind().equals("rootcause"))
                .extracting(Incident.TimelineEntry::text)
                .containsExactly(
                        "root cause order-service: order-service_lat_99 10.0 units off (900, usually 40)"
                                + " since 2026-11-24T12:00:00Z",
                        "root cause now eta-service: eta-service_lat_99 10.0 units off (900, usually 40)"
                                + " since 2026-11-24T12:00:00Z");
        // a ranking is not activity: the incident's last update stays its last alert or change
        assertThat(incident.updatedAt()).isEqualTo(T0);
    }

    @Test
    void theJsonRoundTripKeepsEverything() {
        Incident incident = Incident.open("inc-3", alert("Errors", "order-service", "warning", T0), "first")
                .with(alert("Latency", "eta-service", "critical", T0.plusSeconds(5)), "calls")
                .transition(IncidentStatus.ACKNOWLEDGED, "alice", T0.plusSeconds(60));
        assertThat(IncidentJson.decode(IncidentJson.encode(incident))).isEqualTo(incident);
        Incident ranked = incident.withRootCause(ranking(T0.plusSeconds(90), "eta-service", "order-service"));
        assertThat(IncidentJson.decode(IncidentJson.encode(ranked))).isEqualTo(ranked);
        assertThatThrownBy(() -> IncidentJson.decode("{\"id\":\"x\",\"status\":\"sleeping\"}".getBytes()))
                .hasMessageContaining("lifecycle");
    }

    @Test
    void acknowledgingClaimsItNotesAndReassignmentsGoToTheTimeline() {
        Incident incident = Incident.open("inc-2", alert("Errors", "order-service", "warning", T0), "")
                .transition(IncidentStatus.ACKNOWLEDGED, "alice", T0.plusSeconds(10))
                .withNote("  db failover in progress ", "alice", T0.plusSeconds(20))
                .assignedTo("bob", "alice", T0.plusSeconds(30));

        assertThat(incident.assignee()).isEqualTo("bob");
        assertThat(incident.timeline())
                .extracting(Incident.TimelineEntry::kind, Incident.TimelineEntry::text)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("note", "alice: db failover in progress"),
                        org.assertj.core.groups.Tuple.tuple("assign", "assigned to bob by alice"));
        assertThat(IncidentJson.decode(IncidentJson.encode(incident))).isEqualTo(incident);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> incident.withNote(" ", "alice", T0))
                .hasMessageContaining("empty");
    }

    @Test
    void onlyAnAcknowledgedIncidentSnoozesAndItsEndTriggersItAgain() {
        Incident triggered = Incident.open("inc-3", alert("Errors", "order-service", "warning", T0), "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> triggered.snoozed(T0.plusSeconds(3600), "alice", T0))
                .hasMessageContaining("acknowledge it first");

        Incident snoozed = triggered
                .transition(IncidentStatus.ACKNOWLEDGED, "alice", T0)
                .snoozed(T0.plusSeconds(3600), "alice", T0);
        assertThat(snoozed.snoozedUntil()).isEqualTo(T0.plusSeconds(3600));
        assertThat(IncidentJson.decode(IncidentJson.encode(snoozed))).isEqualTo(snoozed);
        assertThat(snoozed.snoozeEnded(T0.plusSeconds(3599))).isFalse();
        assertThat(snoozed.snoozeEnded(T0.plusSeconds(3600))).isTrue();

        Incident woken = snoozed.wake(T0.plusSeconds(3600));
        assertThat(woken.status()).isEqualTo(IncidentStatus.TRIGGERED);
        assertThat(woken.snoozedUntil()).isNull();
        assertThat(woken.assignee()).as("still alice's").isEqualTo("alice");
        // reassigning ends a snooze
        assertThat(snoozed.assignedTo("bob", "alice", T0.plusSeconds(5)).snoozedUntil())
                .isNull();
    }

    @Test
    void aSummaryIsReadFromTheStoredFieldsAlone() {
        Incident incident = Incident.open("inc-4", alert("Errors", "order-service", "warning", T0), "")
                .with(alert("Errors", "order-service-2", "warning", T0.plusSeconds(5)), "")
                .with(alert("Latency", "eta-service", "critical", T0.plusSeconds(9)), "")
                .transition(IncidentStatus.ACKNOWLEDGED, "alice", T0.plusSeconds(20));
        tools.jackson.databind.node.ObjectNode stored = IncidentJson.toNode(incident);
        // what a search with the summary's fields brings back
        tools.jackson.databind.node.ObjectNode fields = stored.objectNode();
        for (String field : IncidentSummary.FIELDS)
            if (!field.contains(".") && stored.has(field)) fields.set(field, stored.get(field));

        IncidentSummary summary = IncidentSummary.fromNode(fields);

        assertThat(summary).isEqualTo(IncidentSummary.of(incident));
        assertThat(summary.title()).isEqualTo("Errors, Latency");
        assertThat(summary.assignee()).isEqualTo("alice");
        assertThat(summary.alertCount()).isEqualTo(3);
    }
}
