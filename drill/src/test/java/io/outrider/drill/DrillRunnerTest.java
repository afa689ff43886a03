package io.outrider.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DrillRunnerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode incident(String unit, String... ranking) {
        StringBuilder suspects = new StringBuilder();
        for (String service : ranking)
            suspects.append(suspects.isEmpty() ? "" : ",")
                    .append("{\"service\":\"")
                    .append(service)
                    .append("\"}");
        return JSON.readTree("{\"unit\":\"" + unit + "\",\"rootCause\":{\"ranking\":[" + suspects + "]}}");
    }

    @Test
    void theRankIsThePlaceOfTheFaultyServiceInTheBestIncident() {
        var fault = List.<Scenario.Injection>of(new Scenario.Injection.Fault("pricing", Map.of("type", "errors")));
        assertThat(DrillRunner.rank(
                        List.of(incident("global", "order-service", "pricing-service", "eta-service")), fault))
                .isEqualTo(2);
        assertThat(DrillRunner.rank(
                        List.of(
                                incident("global", "order-service", "pricing-service"),
                                incident("beijing", "pricing-service")),
                        fault))
                .isEqualTo(1);
        assertThat(DrillRunner.rank(List.of(incident("global", "rider-service")), fault))
                .isZero();
        assertThat(DrillRunner.rank(List.of(JSON.readTree("{}")), fault)).isZero();
    }

    @Test
    void eachFaultOfOneCityMustBeNamedInThatCitysIncident() {
        List<Scenario.Injection> two = Scenario.named("two-faults").injections();
        // each named first in its own city
        assertThat(DrillRunner.rank(
                        List.of(
                                incident("shanghai", "eta-service", "order-service"),
                                incident("beijing", "pricing-service", "order-service")),
                        two))
                .isEqualTo(1);
        // one incident for both: eta first there, but pricing's city has no incident naming it
        assertThat(DrillRunner.rank(List.of(incident("shanghai", "eta-service", "pricing-service")), two))
                .isZero();
        // the worst of the two counts
        assertThat(DrillRunner.rank(
                        List.of(
                                incident("shanghai", "eta-service"),
                                incident("beijing", "order-service", "eta-service", "pricing-service")),
                        two))
                .isEqualTo(3);
    }

    @Test
    void aStepAppliedTwiceIsCountedFromTheRunsAudit() {
        var run = JsonMapper.builder().build().readTree("""
                {"audit":[{"what":"proposed"},{"what":"step 1: flow rules"},
                 {"what":"step 2 (http) failed: refused"},{"what":"step 2: http POST /hook"},
                 {"what":"step 1: flow rules"},{"what":"revert step: flow rules"},{"what":"step 3: wait"}]}""");
        assertThat(DrillRunner.repeatedSteps(run)).isEqualTo(1);
        assertThat(DrillRunner.repeatedSteps(JsonMapper.builder().build().readTree("{}")))
                .isZero();
    }

    @Test
    void theKpiRateIsOverTheLastFifteenSeconds() {
        DrillRunner.Kpi kpi = new DrillRunner.Kpi();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        assertThat(kpi.rate()).isNaN();
        for (int s = 0; s <= 30; s++) kpi.sample(t.plusSeconds(s), s < 20 ? 10.0 * s : 200 + 2.0 * (s - 20));
        // the last 15 s: 5 s at 10/s then 10 s at 2/s
        assertThat(kpi.rate()).isEqualTo((220 - 150) / 15.0);
    }
}
