package io.outrider.dedup.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.core.alert.Alert;
import io.outrider.infra.testing.TestClock;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The learned correlator passes the same contract as the rules, trained on the pairs the module ships. */
class LearnedCorrelatorTest extends CorrelatorContract {

    private static final LearnedCorrelator SHIPPED =
            LearnedCorrelator.train(CorrelatorTraining.simulatedPairs(), 1, T0);

    @Override
    Correlator correlator() {
        return SHIPPED;
    }

    @Test
    void decisionsCarryTheModelsProvenance() {
        var result = book().accept(alert("Errors", "pricing-service", "errors", "shanghai", T0));
        assertThat(result.decision().provenance())
                .startsWith("learned/1 (tribuo logistic regression, ")
                .contains(" simulated + 0 feedback pairs");
        assertThat(result.incident().timeline().getFirst().text()).contains("learned/1");
        assertThat(SHIPPED.info().simulated()).isGreaterThan(500);
        assertThat(SHIPPED.info().trainingAccuracy()).isGreaterThan(0.9);
        assertThat(SHIPPED.info().tribuo()).contains("LinearSGDTrainer");
    }

    @Test
    void splitsTeachTheModelToKeepSuchAlertsApart() {
        TestClock clock = new TestClock(T0);
        CorrelatorTraining training =
                new CorrelatorTraining(CorrelatorTraining.simulatedPairs(), List.of(), new RuleCorrelator(), clock);
        assertThat(joinsCallerLatency(training)).as("before any feedback").isTrue();
        int splits = 0;
        while (joinsCallerLatency(training) && splits < 10) {
            IncidentBook book = new IncidentBook(training::current, () -> LOGISTICS, () -> "i" + System.nanoTime());
            String id = book.accept(alert("Errors", "pricing-service", "errors", "shanghai", T0))
                    .incident()
                    .id();
            Alert caller = alert("Latency", "order-service", "latency", "shanghai", T0.plusSeconds(20));
            book.accept(caller);
            training.learn(book.split(id, Set.of(caller.fingerprint()), "bob", T0.plusSeconds(60))
                    .feedback());
            splits++;
        }
        assertThat(joinsCallerLatency(training)).as("after %d splits", splits).isFalse();
        assertThat(training.model().orElseThrow().version()).isEqualTo(1 + splits);
        assertThat(training.model().orElseThrow().feedback()).isEqualTo(splits);
        assertThat(training.feedbackPairs()).isEqualTo(splits);
    }

    private static boolean joinsCallerLatency(CorrelatorTraining training) {
        IncidentBook book = new IncidentBook(training::current, () -> LOGISTICS, () -> "j" + System.nanoTime());
        book.accept(alert("Errors", "pricing-service", "errors", "shanghai", T0));
        book.accept(alert("Latency", "order-service", "latency", "shanghai", T0.plusSeconds(20)));
        return book.incidents().size() == 1;
    }

    @Test
    void withoutPairsOfBothLabelsTheRulesServe() {
        RuleCorrelator rules = new RuleCorrelator();
        CorrelatorTraining training = new CorrelatorTraining(List.of(), List.of(), rules, new TestClock(T0));
        assertThat(training.current()).isSameAs(rules);
        assertThat(training.model()).isEmpty();
        assertThatThrownBy(() -> LearnedCorrelator.train(
                        CorrelatorTraining.simulatedPairs().stream()
                                .filter(TrainingPair::together)
                                .toList(),
                        1,
                        T0))
                .hasMessageContaining("both labels");
    }

    @Test
    void trainingPairsRoundTripThroughCsvAndBadLinesAreNamed() throws Exception {
        List<TrainingPair> pairs = CorrelatorTraining.simulatedPairs().subList(0, 20);
        StringWriter out = new StringWriter();
        TrainingPair.write(pairs, out);
        assertThat(TrainingPair.read(new StringReader(out.toString()), "x.csv")).isEqualTo(pairs);
        String bad =
                TrainingPair.HEADER + "\n" + "1.0,0,false,true,true,0.5,false,false,false,true,false,a|b,maybe,s\n";
        assertThatThrownBy(() -> TrainingPair.read(new StringReader(bad), "bad.csv"))
                .hasMessageStartingWith("bad.csv:2: true or false expected, got 'maybe'");
    }
}
