package io.outrider.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DrillReportTest {

    private static DrillResult result(String name, Integer alert, Integer runbook, int rank, int incidents) {
        return new DrillResult(
                name,
                Instant.parse("2026-11-24T10:00:00Z"),
                alert == null ? null : Duration.ofSeconds(alert),
                alert == null ? null : Duration.ofSeconds(alert + 1),
                incidents,
                incidents == 0 ? 0 : 3,
                rank,
                runbook == null ? null : Duration.ofSeconds(runbook),
                alert == null ? null : Duration.ofSeconds(200),
                true,
                runbook == null ? "" : "some-runbook",
                name.equals("rider-down") ? 1 : 0,
                List.of(new DrillResult.Event(Duration.ofSeconds(0), "injected")),
                null);
    }

    private final List<DrillResult> results = List.of(
            result("slow-eta", 30, 50, 1, 1),
            result("pricing-errors", 54, 85, 1, 1),
            result("rider-down", 18, null, 2, 1),
            result("noise", null, null, 0, 0));

    @Test
    void theSummaryComparesThePercentilesAndSharesWithTheTargets() {
        assertThat(DrillReport.summary(results))
                .contains("Time to detect p50 30 s (target ≤ 20 s), p95 54 s (≤ 40 s)")
                .contains("faulty service ranked first in 2 of 3 drills with an incident")
                .contains("runbook in force within 60 s in 1 of 2")
                .contains("runbook steps done twice: 1 (target 0)");
    }

    @Test
    void theTableHasARowPerScenario() {
        String table = DrillReport.table(results);
        assertThat(table.lines()).hasSize(2 + results.size());
        assertThat(table)
                .contains("| pricing-errors | 54 s | 55 s | 1 | 3.0 | 1 | 85 s (some-runbook) | 200 s | yes |");
        assertThat(table).contains("| noise | — | — | 0 | 0.0 | — | — | — | yes |");
    }

    @Test
    void theReportIsMarkdownWithItsChartAndJson(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("drills").resolve("report.md");
        DrillReport.write(md, results, "outrider drill --all");
        assertThat(Files.readString(md)).contains("# Drill report", "![", "report.svg", "## rider-down", "injected");
        String svg = Files.readString(dir.resolve("drills").resolve("report.svg"));
        assertThat(svg).startsWith("<svg").contains(">slow-eta</text>").contains("<title>first alert 54 s</title>");
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(Files.readString(dir.resolve("drills").resolve("report.json")));
        assertThat(json.get("command").asString()).isEqualTo("outrider drill --all");
        assertThat(json.get("results").get(1).get("firstAlertSeconds").asLong()).isEqualTo(54);
        assertThat(json.get("results").get(3).get("firstAlertSeconds").isNull()).isTrue();
        assertThat(json.get("results").get(2).get("repeatedSteps").asInt()).isEqualTo(1);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Duration> sorted =
                List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(40));
        assertThat(DrillReport.percentile(sorted, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DrillReport.percentile(sorted, 0.95)).isEqualTo(Duration.ofSeconds(40));
        assertThat(DrillReport.percentile(List.of(), 0.5)).isNull();
    }

    @Test
    void scenariosAreKnownByName() {
        assertThat(Scenario.ALL)
                .extracting(Scenario::name)
                .containsExactly(
                        "slow-eta",
                        "pricing-errors",
                        "rider-down",
                        "dispatch-cpu",
                        "holiday-surge",
                        "two-faults",
                        "noise");
        assertThat(Scenario.named("two-faults").expectedIncidents()).isEqualTo(2);
        assertThat(Scenario.named("two-faults").injections())
                .extracting(Scenario.Injection::faulty, Scenario.Injection::unit)
                .containsExactly(tuple("eta-service", "shanghai"), tuple("pricing-service", "beijing"));
        assertThat(Scenario.named("holiday-surge").faulty()).containsExactly("order-service");
        assertThatThrownBy(() -> Scenario.named("meteor")).hasMessageContaining("known: [slow-eta");
    }
}
