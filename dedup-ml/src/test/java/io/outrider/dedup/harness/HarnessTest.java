package io.outrider.dedup.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.dedup.correlate.RuleCorrelator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness end to end on its scenarios: Outrider's correlator must beat both baselines and localize. */
class HarnessTest {

    @Test
    void theRuleCorrelatorGroupsAndLocalizesBetterThanTheBaselines() {
        List<Harness.Scenario> scenarios = Harness.scenarios(42);
        Harness.Result rules = Harness.evaluate("rules", RuleCorrelator::new, scenarios, 42);
        Harness.Result window = Harness.evaluate("window", Baselines::timeWindow, scenarios, 42);
        Harness.Result alertmanager = Harness.evaluate("am", Baselines::alertmanager, scenarios, 42);
        assertThat(rules.alerts()).isGreaterThan(100);
        assertThat(rules.f1())
                .isGreaterThan(window.f1())
                .isGreaterThan(alertmanager.f1())
                .isGreaterThanOrEqualTo(0.95);
        assertThat(rules.compression()).isGreaterThan(alertmanager.compression());
        assertThat(rules.ac3()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void everyFaultTypeRaisesAlertsThatAreLabelledWithIt() {
        for (Harness.Scenario scenario : Harness.scenarios(7).subList(0, 6)) {
            var run = Harness.alerts(scenario, 7);
            assertThat(run.getKey())
                    .as(scenario.name())
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.truth())
                            .isEqualTo(scenario.faults().getFirst().id()));
        }
    }
}
