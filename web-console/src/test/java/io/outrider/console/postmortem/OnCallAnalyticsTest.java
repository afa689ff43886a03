package io.outrider.console.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.runbooks.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnCallAnalyticsTest {

    private static Incident incident(String id, String service, Instant at, int ackMinutes, int resolveMinutes) {
        Alert alert = Alert.firing(
                Map.of("alertname", "Errors", "service", service, "city", "c", "severity", "warning"),
                Map.of(),
                at,
                "test",
                "");
        return Incident.open(id, alert, "")
                .transition(IncidentStatus.ACKNOWLEDGED, "bob", at.plusSeconds(60L * ackMinutes))
                .transition(IncidentStatus.RESOLVED, "bob", at.plusSeconds(60L * resolveMinutes));
    }

    private static Run run(String runbook, Run.State state, Instant at) {
        Run base = PostmortemDraftTest.run();
        return new Run(
                base.id(),
                runbook,
                base.target(),
                null,
                Map.of(),
                true,
                state,
                0,
                List.of(),
                null,
                at,
                at,
                null,
                Map.of(),
                "outrider",
                null,
                null);
    }

    @Test
    void meansPerServiceAndWeekNoiseRunbooksAndPagesOutOfHours() {
        Instant monday = Instant.parse("2026-11-16T10:00:00Z"); // 2026-W47, in working hours
        Instant sunday = Instant.parse("2026-11-22T03:00:00Z"); // 2026-W47, out of hours
        Instant nextTuesday = Instant.parse("2026-11-24T23:00:00Z"); // 2026-W48, out of hours
        List<Incident> incidents = List.of(
                incident("a", "eta-service", monday, 2, 10),
                incident("b", "eta-service", sunday, 4, 30),
                incident("c", "rider-service", nextTuesday, 1, 5),
                incident("old", "eta-service", Instant.parse("2026-01-01T00:00:00Z"), 1, 1));
        List<Run> runs = List.of(
                run("eta-shed", Run.State.SUCCEEDED, monday),
                run("eta-shed", Run.State.REVERTED, monday),
                run("eta-shed", Run.State.FAILED, sunday),
                run("eta-shed", Run.State.REJECTED, sunday),
                run("rider-degrade", Run.State.RUNNING, sunday));
        OnCallAnalytics.Report report = OnCallAnalytics.of(
                incidents, runs, OnCallAnalytics.WorkingHours.DEFAULT, Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(report.incidents()).isEqualTo(3);
        assertThat(report.weeks()).containsExactly("2026-W47", "2026-W48");
        OnCallAnalytics.Cell eta = report.cells().stream()
                .filter(c -> c.service().equals("eta-service"))
                .findFirst()
                .orElseThrow();
        assertThat(eta.week()).isEqualTo("2026-W47");
        assertThat(eta.incidents()).isEqualTo(2);
        assertThat(eta.mttaMinutes()).isEqualTo(3.0);
        assertThat(eta.mttrMinutes()).isEqualTo(20.0);
        assertThat(report.perService()).containsExactly(Map.entry("eta-service", 2), Map.entry("rider-service", 1));
        assertThat(report.noise().get("1")).isEqualTo(3);
        assertThat(report.meanAlerts()).isEqualTo(1.0);
        assertThat(report.outOfHours()).containsEntry("2026-W47", 1).containsEntry("2026-W48", 1);
        assertThat(report.inHours()).containsEntry("2026-W47", 1).containsEntry("2026-W48", 0);
        OnCallAnalytics.RunbookRate shed = report.runbooks().getFirst();
        assertThat(shed.runbook()).isEqualTo("eta-shed");
        assertThat(shed.succeeded()).isEqualTo(2);
        assertThat(shed.failed()).isEqualTo(1);
        assertThat(shed.rejected()).isEqualTo(1);
        assertThat(shed.rate()).isEqualTo(2.0 / 3);
        assertThat(report.runbooks().get(1).rate()).isNaN();
    }
}
