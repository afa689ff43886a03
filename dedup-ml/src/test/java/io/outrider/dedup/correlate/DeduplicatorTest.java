package io.outrider.dedup.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void repeatsAreDuplicatesAndFastRefiresAreFlapping() {
        Deduplicator dedup = new Deduplicator();
        List<Deduplicator.Outcome> outcomes = new ArrayList<>();
        for (int cycle = 0; cycle < 5; cycle++) {
            Instant at = T0.plusSeconds(cycle * 240L);
            Alert alert =
                    Alert.firing(Map.of("alertname", "Errors", "service", "eta-service"), Map.of(), at, "outrider", "");
            outcomes.add(dedup.accept(alert));
            outcomes.add(dedup.accept(alert));
            outcomes.add(dedup.accept(alert.resolved(at.plusSeconds(120), Map.of())));
        }
        assertThat(outcomes)
                .containsExactly(
                        Deduplicator.Outcome.NEW,
                        Deduplicator.Outcome.DUPLICATE,
                        Deduplicator.Outcome.RESOLVED,
                        Deduplicator.Outcome.REFIRE,
                        Deduplicator.Outcome.DUPLICATE,
                        Deduplicator.Outcome.RESOLVED,
                        Deduplicator.Outcome.REFIRE,
                        Deduplicator.Outcome.DUPLICATE,
                        Deduplicator.Outcome.RESOLVED,
                        Deduplicator.Outcome.FLAPPING,
                        Deduplicator.Outcome.DUPLICATE,
                        Deduplicator.Outcome.RESOLVED,
                        Deduplicator.Outcome.FLAPPING,
                        Deduplicator.Outcome.DUPLICATE,
                        Deduplicator.Outcome.RESOLVED);
        Deduplicator.Seen seen = dedup.seen().values().iterator().next();
        assertThat(seen.count()).isEqualTo(5);
        assertThat(seen.firstSeen()).isEqualTo(T0);
        assertThat(seen.firing()).isFalse();
    }
}
