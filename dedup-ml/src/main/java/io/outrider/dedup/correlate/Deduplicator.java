package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * One alert per fingerprint: a firing event for an alert already firing is a duplicate (counted, not correlated
 * again); an alert that fires again after resolving is a re-fire, and one that does so {@code flapLimit} times
 * within {@code flapWindow} is flapping — still counted, but it wakes no one.
 */
public final class Deduplicator {

    public enum Outcome {
        NEW,
        REFIRE,
        DUPLICATE,
        FLAPPING,
        RESOLVED,
        UNKNOWN_RESOLVED
    }

    /** What is known of one fingerprint. */
    public record Seen(Instant firstSeen, Instant lastSeen, int count, boolean firing) {}

    private final int flapLimit;
    private final Duration flapWindow;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Deque<Instant>> fires = new HashMap<>();

    public Deduplicator(int flapLimit, Duration flapWindow) {
        this.flapLimit = flapLimit;
        this.flapWindow = flapWindow;
    }

    public Deduplicator() {
        this(3, Duration.ofMinutes(30));
    }

    public Outcome accept(Alert alert) {
        String fp = alert.fingerprint();
        Seen known = seen.get(fp);
        if (alert.status() == Alert.Status.RESOLVED) {
            Instant at = alert.endsAt() != null ? alert.endsAt() : alert.startsAt();
            if (known == null) return Outcome.UNKNOWN_RESOLVED;
            seen.put(fp, new Seen(known.firstSeen(), at, known.count(), false));
            return Outcome.RESOLVED;
        }
        Instant at = alert.startsAt();
        if (known == null) {
            seen.put(fp, new Seen(at, at, 1, true));
            fires.computeIfAbsent(fp, k -> new ArrayDeque<>()).add(at);
            return Outcome.NEW;
        }
        if (known.firing()) {
            seen.put(
                    fp,
                    new Seen(
                            known.firstSeen(),
                            at.isAfter(known.lastSeen()) ? at : known.lastSeen(),
                            known.count(),
                            true));
            return Outcome.DUPLICATE;
        }
        seen.put(fp, new Seen(known.firstSeen(), at, known.count() + 1, true));
        Deque<Instant> times = fires.computeIfAbsent(fp, k -> new ArrayDeque<>());
        times.add(at);
        while (!times.isEmpty() && times.peekFirst().isBefore(at.minus(flapWindow))) times.removeFirst();
        return times.size() > flapLimit ? Outcome.FLAPPING : Outcome.REFIRE;
    }

    public Map<String, Seen> seen() {
        return Map.copyOf(seen);
    }
}
