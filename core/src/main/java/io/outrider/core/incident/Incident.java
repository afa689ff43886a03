package io.outrider.core.incident;

import io.outrider.core.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One incident: the alerts folded into it (one entry per fingerprint, with counts), the services and unit it
 * concerns, its severity (the worst of its alerts), its status and a timeline of what happened. Immutable: every
 * change returns a new value (the store writes it with optimistic concurrency).
 */
public record Incident(
        String id,
        IncidentStatus status,
        String severity,
        String unit,
        SortedSet<String> services,
        SortedMap<String, AlertEntry> alerts,
        Instant openedAt,
        Instant updatedAt,
        @Nullable String mergedInto,
        List<TimelineEntry> timeline,
        @Nullable RootCause rootCause,
        @Nullable Impact impact,
        @Nullable String assignee,
        @Nullable Instant snoozedUntil) {

    /** One fingerprint in the incident: its labels, how often it fired, first and last seen, firing now or not. */
    public record AlertEntry(
            SortedMap<String, String> labels, int count, Instant firstSeen, Instant lastSeen, boolean firing) {
        public AlertEntry {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }
    }

    /** Something that happened, e.g. {@code alert}, {@code status}, {@code merge}, {@code note}. */
    public record TimelineEntry(Instant at, String kind, String text) {}

    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    public Incident {
        Objects.requireNonNull(id, "id");
        services = Collections.unmodifiableSortedSet(new TreeSet<>(services));
        alerts = Collections.unmodifiableSortedMap(new TreeMap<>(alerts));
        timeline = List.copyOf(timeline);
    }

    /** A new incident opened by its first alert. */
    public static Incident open(String id, Alert first, String reason) {
        Incident empty = new Incident(
                id,
                IncidentStatus.TRIGGERED,
                "info",
                first.unit(),
                new TreeSet<>(),
                new TreeMap<>(),
                first.startsAt(),
                first.startsAt(),
                null,
                List.of(),
                null,
                null,
                null,
                null);
        return empty.with(first, reason);
    }

    /** The incident with this alert event folded in (a new fingerprint, a repeat, or its resolution). */
    public Incident with(Alert alert, String reason) {
        TreeMap<String, AlertEntry> entries = new TreeMap<>(alerts);
        Instant at =
                alert.status() == Alert.Status.RESOLVED && alert.endsAt() != null ? alert.endsAt() : alert.startsAt();
        AlertEntry known = entries.get(alert.fingerprint());
        boolean firing = alert.status() == Alert.Status.FIRING;
        entries.put(
                alert.fingerprint(),
                known == null
                        ? new AlertEntry(alert.labels(), firing ? 1 : 0, at, at, firing)
                        : new AlertEntry(
                                alert.labels(),
                                known.count() + (firing && !known.firing() ? 1 : 0),
                                known.firstSeen(),
                                at.isAfter(known.lastSeen()) ? at : known.lastSeen(),
                                firing));
        TreeSet<String> affected = new TreeSet<>(services);
        String service = alert.labels().get("service");
        if (service != null) affected.add(service);
        String worst = severity;
        String level = alert.labels().getOrDefault("severity", "info");
        if (SEVERITIES.indexOf(level) > SEVERITIES.indexOf(worst)) worst = level;
        List<TimelineEntry> events = new ArrayList<>(timeline);
        if (known == null || firing != known.firing())
            events.add(new TimelineEntry(
                    at,
                    "alert",
                    alert.status().wire() + " " + alert.labels().get("alertname")
                            + (service != null ? " on " + service : "")
                            + (reason.isEmpty() ? "" : " (" + reason + ")")));
        IncidentStatus next = firing && status == IncidentStatus.RESOLVED ? IncidentStatus.TRIGGERED : status;
        return new Incident(
                id,
                next,
                worst,
                unit,
                affected,
                entries,
                openedAt,
                at.isAfter(updatedAt) ? at : updatedAt,
                mergedInto,
                events,
                rootCause,
                impact,
                assignee,
                snoozedUntil);
    }

    /** The incident in another status; throws when the lifecycle does not allow it. */
    public Incident transition(IncidentStatus next, String by, Instant at) {
        if (!status.canBecome(next))
            throw new IllegalStateException(
                    "incident " + id + " is " + status.wire() + " and cannot become " + next.wire());
        // acknowledging claims it; any change of status ends a snooze
        String owner = next == IncidentStatus.ACKNOWLEDGED && assignee == null ? by : assignee;
        return changed(next, at, new TimelineEntry(at, "status", next.wire() + " by " + by), owner, null);
    }

    /** The incident with a note of a person in its timeline. */
    public Incident withNote(String text, String by, Instant at) {
        if (text.isBlank()) throw new IllegalArgumentException("the note is empty");
        return withEvent("note", by + ": " + text.strip(), at);
    }

    /**
     * The incident with something that happened elsewhere in its timeline, e.g. {@code runbook} (a run's step or
     * outcome) or {@code notify} (a chat message sent); status, owner and snooze unchanged.
     */
    public Incident withEvent(String kind, String text, Instant at) {
        return changed(status, at, new TimelineEntry(at, kind, text), assignee, snoozedUntil);
    }

    /** The incident assigned to {@code to} (who then owns it); reassigning ends a snooze. */
    public Incident assignedTo(String to, String by, Instant at) {
        if (to.isBlank()) throw new IllegalArgumentException("assign to whom? the user name is empty");
        if (!status.open()) throw new IllegalStateException("incident " + id + " is " + status.wire());
        return changed(status, at, new TimelineEntry(at, "assign", "assigned to " + to + " by " + by), to, null);
    }

    /**
     * The acknowledged incident snoozed until {@code until}: then {@link #wake} triggers it again (and it notifies
     * again). Only an acknowledged incident can be snoozed.
     */
    public Incident snoozed(Instant until, String by, Instant at) {
        if (status != IncidentStatus.ACKNOWLEDGED)
            throw new IllegalStateException("incident " + id + " is " + status.wire()
                    + "; only an acknowledged incident can be snoozed (acknowledge it first)");
        if (!until.isAfter(at)) throw new IllegalArgumentException("snooze until " + until + " is not in the future");
        return changed(
                status, at, new TimelineEntry(at, "snooze", "snoozed until " + until + " by " + by), assignee, until);
    }

    /** Whether its snooze is over at {@code now}. */
    public boolean snoozeEnded(Instant now) {
        return snoozedUntil != null && !now.isBefore(snoozedUntil);
    }

    /** The incident triggered again because its snooze ended. */
    public Incident wake(Instant at) {
        return changed(
                IncidentStatus.TRIGGERED,
                at,
                new TimelineEntry(at, "status", "triggered (snooze ended)"),
                assignee,
                null);
    }

    /** A person's change: a status, an owner, a snooze, and what the timeline says of it. */
    private Incident changed(
            IncidentStatus next, Instant at, TimelineEntry entry, @Nullable String owner, @Nullable Instant snooze) {
        List<TimelineEntry> events = new ArrayList<>(timeline);
        events.add(entry);
        return new Incident(
                id,
                next,
                severity,
                unit,
                services,
                alerts,
                openedAt,
                at,
                mergedInto,
                events,
                rootCause,
                impact,
                owner,
                snooze);
    }

    /**
     * The incident without these alerts (split off into another incident by a person): services and severity are
     * those of the alerts left.
     */
    public Incident without(Set<String> fingerprints, String text, Instant at) {
        TreeMap<String, AlertEntry> left = new TreeMap<>(alerts);
        left.keySet().removeAll(fingerprints);
        TreeSet<String> affected = new TreeSet<>();
        String worst = "info";
        for (AlertEntry entry : left.values()) {
            String service = entry.labels().get("service");
            if (service != null) affected.add(service);
            String level = entry.labels().getOrDefault("severity", "info");
            if (SEVERITIES.indexOf(level) > SEVERITIES.indexOf(worst)) worst = level;
        }
        List<TimelineEntry> events = new ArrayList<>(timeline);
        events.add(new TimelineEntry(at, "split", text));
        return new Incident(
                id,
                status,
                worst,
                unit,
                affected,
                left,
                openedAt,
                at,
                mergedInto,
                events,
                rootCause,
                impact,
                assignee,
                snoozedUntil);
    }

    /**
     * The incident with a new ranking of its root cause. The timeline notes when the most likely service changes
     * (with its strongest evidence), not every re-ranking.
     */
    public Incident withRootCause(RootCause ranked) {
        List<TimelineEntry> events = new ArrayList<>(timeline);
        String before = rootCause == null ? null : rootCause.top();
        String now = ranked.top();
        if (now != null && !now.equals(before)) {
            RootCause.Suspect top = ranked.ranking().getFirst();
            StringBuilder text = new StringBuilder("root cause ")
                    .append(before == null ? "" : "now ")
                    .append(now);
            if (!top.evidence().isEmpty()) {
                RootCause.Evidence e = top.evidence().getFirst();
                if (e.series().startsWith("change: "))
                    text.append(": ").append(e.series()).append(" at ").append(Instant.ofEpochMilli(e.sinceMillis()));
                else
                    text.append(String.format(
                            java.util.Locale.ROOT,
                            ": %s %.1f units off (%s, usually %s) since %s",
                            e.series(),
                            e.deviation(),
                            figure(e.observed()),
                            figure(e.baseline()),
                            Instant.ofEpochMilli(e.sinceMillis())));
            }
            events.add(new TimelineEntry(ranked.rankedAt(), "rootcause", text.toString()));
        }
        return new Incident(
                id,
                status,
                severity,
                unit,
                services,
                alerts,
                openedAt,
                updatedAt,
                mergedInto,
                events,
                ranked,
                impact,
                assignee,
                snoozedUntil);
    }

    /** The incident with its business impact measured again (not an activity: the last update stays). */
    public Incident withImpact(Impact measured) {
        return new Incident(
                id,
                status,
                severity,
                unit,
                services,
                alerts,
                openedAt,
                updatedAt,
                mergedInto,
                timeline,
                rootCause,
                measured,
                assignee,
                snoozedUntil);
    }

    /** A value with four significant digits at most and no trailing zeros: 900, 0.0512, 12350. */
    private static String figure(double value) {
        if (!Double.isFinite(value)) return Double.toString(value);
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Whether any of its alerts is firing. */
    public boolean firing() {
        return alerts.values().stream().anyMatch(AlertEntry::firing);
    }

    /** Alerts counted with their repeats: the storm this incident stands for. */
    public int alertCount() {
        return alerts.values().stream().mapToInt(AlertEntry::count).sum();
    }
}
