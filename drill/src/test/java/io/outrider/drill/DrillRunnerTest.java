package io.outrider.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DrillRunnerTest {

    @Test
    void theRankIsThePlaceOfTheFirstFaultyServiceInTheRanking() {
        var incident = JsonMapper.builder().build().readTree("""
                {"rootCause":{"ranking":[{"service":"order-service"},{"service":"pricing-service"},{"service":"eta-service"}]}}""");
        assertThat(DrillRunner.rank(incident, Set.of("pricing-service"))).isEqualTo(2);
        assertThat(DrillRunner.rank(incident, Set.of("eta-service", "pricing-service")))
                .isEqualTo(2);
        assertThat(DrillRunner.rank(incident, Set.of("rider-service"))).isZero();
        assertThat(DrillRunner.rank(JsonMapper.builder().build().readTree("{}"), Set.of("x")))
                .isZero();
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
