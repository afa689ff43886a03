package io.outrider.console.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Impact;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.core.incident.RootCause;
import io.outrider.runbooks.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * A postmortem written from a recorded incident: the ETA model got slow at 10:00 (its latency deviates from 10:00,
 * the first alert at 10:02), acknowledged at 10:05, a runbook shed load at 10:09 after approval, resolved at 10:30;
 * order dispatches fell from 100 to 60 a minute.
 */
class PostmortemDraftTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static Incident recorded() {
        Alert alert = Alert.firing(
                Map.of(
                        "alertname",
                        "DispatchLatency",
                        "service",
                        "dispatch-service",
                        "city",
                        "beijing",
                        "severity",
                        "critical"),
                Map.of(),
                T0.plusSeconds(120),
                "test",
                "");
        Incident incident = Incident.open("INC-42", alert, "");
        incident = incident.withRootCause(new RootCause(
                T0.plusSeconds(200),
                List.of(
                        new RootCause.Suspect(
                                "eta-service",
                                0.91,
                                List.of(new RootCause.Evidence("eta-service_lat_99", 8.2, T0.toEpochMilli(), 12, 340))),
                        new RootCause.Suspect("dispatch-service", 0.4, List.of()))));
        incident = incident.withImpact(new Impact(
                T0.plusSeconds(600),
                List.of(
                        new Impact.Kpi("order-service order.created", 100, 98),
                        new Impact.Kpi("order-service order.dispatched", 100, 60),
                        new Impact.Kpi("order-service order.delivered", 90, 80),
                        new Impact.Kpi("order-service order.delivery.minutes mean", 30, 36))));
        incident = incident.transition(IncidentStatus.ACKNOWLEDGED, "alice", T0.plusSeconds(300));
        incident = incident.withEvent(
                "runbook",
                "runbook eta-shed on eta-service (run RUN-1): proposed — awaiting approval",
                T0.plusSeconds(400));
        incident = incident.withEvent(
                "runbook",
                "runbook eta-shed on eta-service (run RUN-1): applied; verifying recovery",
                T0.plusSeconds(540));
        return incident.transition(IncidentStatus.RESOLVED, "alice", T0.plusSeconds(1800));
    }

    static Run run() {
        return new Run(
                "RUN-1",
                "eta-shed",
                "eta-service",
                "INC-42",
                Map.of(),
                false,
                Run.State.SUCCEEDED,
                1,
                List.of(),
                null,
                T0.plusSeconds(400),
                T0.plusSeconds(700),
                null,
                Map.of(),
                "outrider",
                "bob",
                "verification passed");
    }

    @Test
    void theResponseTimesFollowTheirDefinitions() {
        IncidentTimes times = IncidentTimes.of(recorded());
        assertThat(times.impactStart()).isEqualTo(T0); // the evidence deviates before the first alert
        assertThat(times.toDetect()).isEqualTo(Duration.ofMinutes(2));
        assertThat(times.toAcknowledge()).isEqualTo(Duration.ofMinutes(3));
        assertThat(times.toMitigate()).isEqualTo(Duration.ofMinutes(9));
        assertThat(times.toResolve()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theBusinessFiguresComeFromTheKpisOverTheDuration() {
        BusinessImpact impact = BusinessImpact.of(recorded().impact(), Duration.ofMinutes(30));
        assertThat(impact.ordersAffected()).isEqualTo(1200); // (100 − 60) dispatched a minute × 30 min
        assertThat(impact.deliveriesDuring()).isEqualTo(2400); // 80 a minute × 30 min
        assertThat(impact.deliveriesLate()).isEqualTo(2400); // 36 min against 30: +20 %
    }

    @Test
    void theDraftHasEverySectionOfTheTemplateWithTheFigures() {
        String md = PostmortemDraft.write(
                recorded(),
                List.of(run()),
                List.of(new PostmortemDraft.Similar("INC-7", "DispatchLatency", 0.83)),
                "https://outrider.example",
                PostmortemDraft.Goals.DEFAULT,
                T0.plusSeconds(4000));
        for (String section : List.of(
                "# Postmortem: DispatchLatency (INC-42)",
                "## Summary",
                "## Impact",
                "## Root causes",
                "## Trigger",
                "## Detection",
                "## Resolution",
                "## Response times",
                "## Action items",
                "## Lessons learned",
                "### What went well",
                "### What went wrong",
                "### Where we got lucky",
                "## Timeline",
                "## Supporting information")) assertThat(md).contains(section);
        assertThat(md)
                .contains("- **Authors:** alice, bob")
                .contains("for 30 min 00 s (impact start to resolution)")
                .contains("The most likely root cause was **eta-service**")
                .contains("Mitigated by runbook `eta-shed` on eta-service")
                .contains("| Orders affected (estimate) | 1200 |")
                .contains("| Deliveries late (estimate) | 2400 of 2400")
                .contains("1. **eta-service** (score 0.91)")
                .contains("eta-service_lat_99: 340 against usually 12.0")
                .contains("| Time to detect (impact start → first alert) | 2 min 00 s | 1 min 00 s |")
                .contains("| Time to acknowledge (first alert → acknowledged) | 3 min 00 s |")
                .contains("| Time to mitigate (impact start → mitigated) | 9 min 00 s | 10 min 00 s |")
                .contains("| Time to resolve (impact start → resolved) | 30 min 00 s |")
                .contains("| Fix the root cause in eta-service | prevent | alice |")
                .contains("Alert earlier: detection took 2 min 00 s")
                .contains("Consider running `eta-shed` automatically")
                .contains("- Mitigation in 9 min 00 s (goal 10 min 00 s)")
                .contains("- Detection in 2 min 00 s (goal 1 min 00 s)")
                .contains("- 2026-11-24 10:05:00 — status: acknowledged by alice")
                .contains("[INC-7](https://outrider.example/incidents/INC-7) DispatchLatency (similarity 0.83)");
        // what went well is listed before what went wrong
        assertThat(md.indexOf("- Mitigation in 9 min")).isLessThan(md.indexOf("### What went wrong"));
        assertThat(md.indexOf("- Detection in 2 min")).isGreaterThan(md.indexOf("### What went wrong"));
    }

    @Test
    void itRendersAsHtmlWithoutRunningWhatPeopleTypeAndAsAPdf() throws Exception {
        String html =
                PostmortemDocuments.html("## Impact\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>");
        assertThat(html).contains("<h2>Impact</h2>").contains("<table>").doesNotContain("<script>");
        String md = PostmortemDraft.write(
                recorded(), List.of(run()), List.of(), "https://o.example", PostmortemDraft.Goals.DEFAULT, T0);
        byte[] pdf = PostmortemDocuments.pdf("Postmortem INC-42", md);
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text)
                    .contains("Postmortem: DispatchLatency (INC-42)")
                    .contains("Action items")
                    .contains("1200");
        }
    }
}
