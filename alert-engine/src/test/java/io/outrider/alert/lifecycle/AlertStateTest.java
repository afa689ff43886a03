package io.outrider.alert.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.alert.lifecycle.AlertState.Phase;
import io.outrider.alert.lifecycle.AlertState.Transition;
import io.outrider.infra.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertStateTest {

    private final TestClock clock = new TestClock();
    private final AlertState.Timing timing =
            new AlertState.Timing(Duration.ofMinutes(1), Duration.ofMinutes(2), 3, Duration.ofMinutes(30));

    /** Evaluates every 10 s for {@code duration}; returns the last transition that was not NONE. */
    private Transition hold(AlertState state, boolean condition, Duration duration) {
        Transition last = Transition.NONE;
        for (long s = 0; s < duration.toSeconds(); s += 10) {
            Transition t = state.evaluate(condition);
            if (t != Transition.NONE) last = t;
            clock.advance(Duration.ofSeconds(10));
        }
        return last;
    }

    @Test
    void pendingThenFiringAfterForThenResolvedAfterTheHysteresis() {
        AlertState state = new AlertState(timing, clock);

        assertThat(state.evaluate(true)).isEqualTo(Transition.PENDING);
        clock.advance(Duration.ofSeconds(30));
        assertThat(state.evaluate(true)).isEqualTo(Transition.NONE);
        assertThat(state.phase()).isEqualTo(Phase.PENDING);
        clock.advance(Duration.ofSeconds(30));
        assertThat(state.evaluate(true)).isEqualTo(Transition.FIRING);
        assertThat(state.firedAt()).isEqualTo(clock.instant());

        // one good evaluation does not resolve, nor does a minute of them
        assertThat(hold(state, false, Duration.ofMinutes(1))).isEqualTo(Transition.NONE);
        assertThat(state.phase()).isEqualTo(Phase.FIRING);
        assertThat(hold(state, false, Duration.ofMinutes(2))).isEqualTo(Transition.RESOLVED);
        assertThat(state.phase()).isEqualTo(Phase.RESOLVED);
    }

    @Test
    void aBlipShorterThanForNeverFires() {
        AlertState state = new AlertState(timing, clock);
        assertThat(hold(state, true, Duration.ofSeconds(40))).isEqualTo(Transition.PENDING);
        assertThat(state.evaluate(false)).isEqualTo(Transition.NONE);
        assertThat(state.phase()).isEqualTo(Phase.INACTIVE);
        assertThat(hold(state, true, Duration.ofSeconds(40))).isEqualTo(Transition.PENDING);
    }

    @Test
    void aFlappingAlertStaysFiringUntilItIsQuietLonger() {
        AlertState state = new AlertState(timing, clock);
        for (int cycle = 0; cycle < 3; cycle++) {
            assertThat(hold(state, true, Duration.ofMinutes(2))).isEqualTo(Transition.FIRING);
            assertThat(hold(state, false, Duration.ofMinutes(3))).isEqualTo(Transition.RESOLVED);
        }
        assertThat(state.flapping()).isTrue();

        assertThat(hold(state, true, Duration.ofMinutes(2))).isEqualTo(Transition.FIRING);
        assertThat(hold(state, false, Duration.ofMinutes(3))).as("damped").isEqualTo(Transition.NONE);
        assertThat(state.phase()).isEqualTo(Phase.FIRING);
        assertThat(hold(state, false, Duration.ofMinutes(6))).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void withoutForItFiresAtOnce() {
        AlertState state = new AlertState(
                new AlertState.Timing(Duration.ZERO, Duration.ofMinutes(1), 3, Duration.ofMinutes(30)), clock);
        assertThat(state.evaluate(true)).isEqualTo(Transition.FIRING);
    }
}
