package io.outrider.alert.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of one alert (one fingerprint), fed the truth of its condition at each evaluation:
 * {@code INACTIVE → PENDING} when the condition holds, {@code → FIRING} once it has held for {@code for},
 * {@code → RESOLVED} once it has stopped holding for {@code resolveAfter} (hysteresis: a single good evaluation
 * does not resolve). An alert that fires and resolves more than {@code flapLimit} times within {@code flapWindow}
 * is flapping: it is kept firing (one page, not a storm) until it has been quiet for {@code resolveAfter} × 4.
 * Time comes from the clock given, so tests can drive it.
 */
public final class AlertState {

    public enum Phase {
        INACTIVE,
        PENDING,
        FIRING,
        RESOLVED
    }

    /** What changed, for the caller to publish (firing and resolved events go to {@code outrider.alerts}). */
    public enum Transition {
        NONE,
        PENDING,
        FIRING,
        RESOLVED
    }

    /**
     * @param forDuration how long the condition must hold before firing (0: at once)
     * @param resolveAfter how long it must stop holding before resolving
     * @param flapLimit fire/resolve cycles within {@code flapWindow} that make it flapping
     */
    public record Timing(Duration forDuration, Duration resolveAfter, int flapLimit, Duration flapWindow) {
        public static final Timing DEFAULT =
                new Timing(Duration.ofMinutes(1), Duration.ofMinutes(2), 3, Duration.ofMinutes(30));
    }

    private final Timing timing;
    private final Clock clock;
    private Phase phase = Phase.INACTIVE;
    private @Nullable Instant conditionSince;
    private @Nullable Instant clearSince;
    private @Nullable Instant firedAt;
    private @Nullable Instant resolvedAt;
    private final Deque<Instant> resolutions = new ArrayDeque<>();

    public AlertState(Timing timing, Clock clock) {
        this.timing = timing;
        this.clock = clock;
    }

    public Phase phase() {
        return phase;
    }

    /** When it last started firing, if it is firing. */
    public @Nullable Instant firedAt() {
        return phase == Phase.FIRING ? firedAt : null;
    }

    /** When it last resolved, if it ever did. */
    public @Nullable Instant resolvedAt() {
        return resolvedAt;
    }

    /** Whether nothing about it matters any more: not active, and its last resolution older than the flap window. */
    public boolean forgettable() {
        if (phase == Phase.INACTIVE) return true;
        return phase == Phase.RESOLVED
                && resolvedAt != null
                && !clock.instant().isBefore(resolvedAt.plus(timing.flapWindow()));
    }

    public boolean flapping() {
        Instant now = clock.instant();
        return resolutions.stream()
                        .filter(t -> t.isAfter(now.minus(timing.flapWindow())))
                        .count()
                >= timing.flapLimit();
    }

    /** One evaluation: whether the condition holds now. */
    public Transition evaluate(boolean condition) {
        Instant now = clock.instant();
        if (condition) {
            clearSince = null;
            if (conditionSince == null) conditionSince = now;
            if (phase == Phase.INACTIVE || phase == Phase.RESOLVED) {
                if (timing.forDuration().isZero()) return fire(now);
                phase = Phase.PENDING;
                return Transition.PENDING;
            }
            if (phase == Phase.PENDING && !now.isBefore(conditionSince.plus(timing.forDuration()))) return fire(now);
            return Transition.NONE;
        }
        conditionSince = null;
        switch (phase) {
            case PENDING -> {
                phase = Phase.INACTIVE; // never fired: nothing to resolve
                return Transition.NONE;
            }
            case FIRING -> {
                if (clearSince == null) clearSince = now;
                Duration needed = flapping() ? timing.resolveAfter().multipliedBy(4) : timing.resolveAfter();
                if (!now.isBefore(clearSince.plus(needed))) {
                    phase = Phase.RESOLVED;
                    resolvedAt = now;
                    resolutions.addLast(now);
                    while (resolutions.size() > 100) resolutions.removeFirst();
                    return Transition.RESOLVED;
                }
                return Transition.NONE;
            }
            default -> {
                return Transition.NONE;
            }
        }
    }

    private Transition fire(Instant now) {
        phase = Phase.FIRING;
        firedAt = now;
        clearSince = null;
        return Transition.FIRING;
    }
}
