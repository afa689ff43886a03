package io.outrider.dedup.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.dedup.correlate.CorrelatorTraining;
import io.outrider.dedup.correlate.LearnedCorrelator;
import io.outrider.dedup.correlate.RuleCorrelator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness end to end on its scenarios: Outrider's correlators must beat both baselines and localize. */
class HarnessTest {

    @Test
    void theCorrelatorsGroupAndLocalizeBetterThanTheBaselines() {
        List<Harness.Run> runs = Harness.runs(Harness.scenarios(42), 42);
        LearnedCorrelator model = LearnedCorrelator.train(CorrelatorTraining.simulatedPairs(), 1, Instant.now());
        Harness.Result learned = Harness.evaluate("learned", () -> model, runs);
        Harness.Result rules = Harness.evaluate("rules", RuleCorrelator::new, runs);
        Harness.Result window = Harness.evaluate("window", Baselines::timeWindow, runs);
        Harness.Result alertmanager = Harness.evaluate("am", Baselines::alertmanager, runs);
        assertThat(rules.alerts()).isGreaterThan(100);
        assertThat(rules.f1()).isGreaterThan(alertmanager.f1());
        assertThat(rules.compression()).isGreaterThan(alertmanager.compression());
        // trained on other seeds' storms: these are storms it has not seen
        assertThat(learned.f1())
                .isGreaterThan(window.f1())
                .isGreaterThan(alertmanager.f1())
                .isGreaterThanOrEqualTo(rules.f1())
                .isGreaterThanOrEqualTo(0.95);
        // the targets: F1 >= 0.95 at >= 95 % compression, AC@1 >= 0.90, AC@3 >= 0.98
        assertThat(learned.compression()).isGreaterThanOrEqualTo(0.95);
        assertThat(learned.ac1()).isGreaterThanOrEqualTo(0.90);
        assertThat(learned.ac3()).isGreaterThanOrEqualTo(0.98);
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
