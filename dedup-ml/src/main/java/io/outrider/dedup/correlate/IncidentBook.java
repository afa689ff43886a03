package io.outrider.dedup.correlate;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The incidents of one correlator: each alert event is deduplicated, then joins the incident that already holds its
 * fingerprint, or the one the correlator picks, or opens a new one. An incident whose alerts have all resolved is
 * resolved; its alerts firing again trigger it again.
 */
public final class IncidentBook {

    /** What one alert event did. */
    public record Result(
            Deduplicator.Outcome outcome, @Nullable Incident incident, Correlator.@Nullable Decision decision) {}

    /** A merge done: the incident that took the alerts, and what it teaches the learned correlator. */
    public record Merge(Incident into, List<TrainingPair> feedback) {}

    /** A split done: what is left, the new incident with the alerts split off, and what it teaches. */
    public record Split(Incident remaining, Incident split, List<TrainingPair> feedback) {}

    private final Supplier<Correlator> correlator;
    private final Supplier<CallGraph> graph;
    private final Supplier<String> ids;
    private final Deduplicator dedup = new Deduplicator();
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final Map<String, String> incidentOf = new LinkedHashMap<>();

    public IncidentBook(Correlator correlator, Supplier<CallGraph> graph, Supplier<String> ids) {
        this(() -> correlator, graph, ids);
    }

    /** @param correlator asked for the correlator in force at each decision (a retrained model replaces the old) */
    public IncidentBook(Supplier<Correlator> correlator, Supplier<CallGraph> graph, Supplier<String> ids) {
        this.correlator = correlator;
        this.graph = graph;
        this.ids = ids;
    }

    public synchronized Result accept(Alert alert) {
        return place(alert, dedup.accept(alert));
    }

    /**
     * Places an alert event a second time, with the outcome its deduplication gave the first time: its incident was
     * changed by another writer meanwhile and {@link #restore restored} from the store, and the event goes onto that
     * version (asking the deduplicator again would call it a duplicate of itself, and lose it). An incident that does
     * not hold a new alert's fingerprint any more no longer claims it: the correlator decides again.
     */
    public synchronized Result again(Alert alert, Deduplicator.Outcome outcome) {
        String holding = incidentOf.get(alert.fingerprint());
        Incident held = holding == null ? null : incidents.get(holding);
        if (held != null && !held.alerts().containsKey(alert.fingerprint())) incidentOf.remove(alert.fingerprint());
        return place(alert, outcome);
    }

    private Result place(Alert alert, Deduplicator.Outcome outcome) {
        String holding = incidentOf.get(alert.fingerprint());
        Incident current = holding == null ? null : incidents.get(holding);
        switch (outcome) {
            case DUPLICATE, UNKNOWN_RESOLVED -> {
                return new Result(outcome, current, null);
            }
            case RESOLVED -> {
                if (current == null) return new Result(outcome, null, null);
                Incident updated = current.with(alert, "");
                if (!updated.firing() && updated.status().open())
                    updated = updated.transition(
                            IncidentStatus.RESOLVED, "outrider (all its alerts resolved)", updated.updatedAt());
                incidents.put(updated.id(), updated);
                return new Result(outcome, updated, null);
            }
            default -> {}
        }
        if (current != null && current.status() != IncidentStatus.MERGED) {
            Incident updated =
                    current.with(alert, outcome == Deduplicator.Outcome.FLAPPING ? "flapping" : "fires again");
            incidents.put(updated.id(), updated);
            return new Result(outcome, updated, null);
        }
        List<Incident> open =
                incidents.values().stream().filter(i -> i.status().open()).toList();
        Correlator.Decision decision = correlator.get().decide(alert, open, graph.get());
        Incident incident;
        String joined = decision.incident();
        Incident target = joined == null ? null : incidents.get(joined);
        if (target != null) incident = target.with(alert, decision.reason() + "; " + decision.provenance());
        else incident = Incident.open(ids.get(), alert, decision.reason() + "; " + decision.provenance());
        incidents.put(incident.id(), incident);
        incidentOf.put(alert.fingerprint(), incident.id());
        return new Result(outcome, incident, decision);
    }

    /**
     * Merges {@code from} into {@code into}: its alerts move, it becomes merged. Each moved alert paired with the
     * incident it should have joined is a "together" label for the learned correlator.
     */
    public synchronized Merge merge(String from, String into, String by, Instant at) {
        Incident source = require(from);
        Incident target = require(into);
        if (from.equals(into)) throw new IllegalArgumentException("an incident cannot be merged into itself");
        CallGraph calls = graph.get();
        String why = "merge " + from + " into " + into + " by " + by;
        List<TrainingPair> feedback = new ArrayList<>();
        for (Map.Entry<String, Incident.AlertEntry> entry : source.alerts().entrySet()) {
            Alert moved = asAlert(entry.getKey(), entry.getValue());
            feedback.add(new TrainingPair(Features.of(moved, target, calls), true, why));
            target = target.with(moved, "merged from " + from + " by " + by);
            incidentOf.put(entry.getKey(), into);
        }
        incidents.put(into, target);
        incidents.put(from, source.transition(IncidentStatus.MERGED, by + " into " + into, at));
        return new Merge(target, feedback);
    }

    /**
     * Splits these alerts off into a new incident. Each split alert paired with what is left is an "apart" label;
     * each paired with the split alerts before it, a "together" label.
     */
    public synchronized Split split(String id, Set<String> fingerprints, String by, Instant at) {
        Incident source = require(id);
        if (!source.status().open())
            throw new IllegalStateException(
                    "incident " + id + " is " + source.status().wire());
        if (fingerprints.isEmpty()) throw new IllegalArgumentException("name the alerts to split off");
        for (String fingerprint : fingerprints)
            if (!source.alerts().containsKey(fingerprint))
                throw new IllegalArgumentException("incident " + id + " holds no alert " + fingerprint);
        if (fingerprints.size() == source.alerts().size())
            throw new IllegalStateException("splitting off every alert of " + id + " leaves nothing: name fewer");
        String newId = ids.get();
        Incident remaining = source.without(
                fingerprints, fingerprints.size() + " alert(s) split off into " + newId + " by " + by, at);
        CallGraph calls = graph.get();
        String why = "split " + id + " into " + newId + " by " + by;
        List<TrainingPair> feedback = new ArrayList<>();
        Incident created = null;
        for (String fingerprint : new TreeSet<>(fingerprints)) {
            Alert moved = asAlert(
                    fingerprint,
                    java.util.Objects.requireNonNull(source.alerts().get(fingerprint)));
            feedback.add(new TrainingPair(Features.of(moved, remaining, calls), false, why));
            if (created == null) created = Incident.open(newId, moved, "split from " + id + " by " + by);
            else {
                feedback.add(new TrainingPair(Features.of(moved, created, calls), true, why));
                created = created.with(moved, "split from " + id + " by " + by);
            }
            incidentOf.put(fingerprint, newId);
        }
        incidents.put(id, remaining);
        incidents.put(newId, java.util.Objects.requireNonNull(created));
        return new Split(remaining, created, feedback);
    }

    private static Alert asAlert(String fingerprint, Incident.AlertEntry a) {
        return new Alert(
                fingerprint,
                a.firing() ? Alert.Status.FIRING : Alert.Status.RESOLVED,
                a.labels(),
                new java.util.TreeMap<>(),
                a.firstSeen(),
                a.firing() ? null : a.lastSeen(),
                "merge",
                "");
    }

    /** Moves an incident through its lifecycle (acknowledge, mitigate, resolve); throws when it may not. */
    public synchronized Incident transition(String id, IncidentStatus next, String by, Instant at) {
        Incident updated = require(id).transition(next, by, at);
        incidents.put(id, updated);
        return updated;
    }

    /** Applies a person's change (a note, an assignment, a snooze, its end) to a held incident and keeps it. */
    public synchronized Incident update(String id, java.util.function.UnaryOperator<Incident> change) {
        Incident updated = change.apply(require(id));
        incidents.put(id, updated);
        return updated;
    }

    /**
     * Sets an open incident's root-cause ranking (a newer one than it has); null when it is no longer held or no
     * longer open.
     */
    public synchronized @Nullable Incident rank(String id, io.outrider.core.incident.RootCause rootCause) {
        Incident incident = incidents.get(id);
        if (incident == null || !incident.status().open()) return null;
        Incident ranked = incident.withRootCause(rootCause);
        incidents.put(id, ranked);
        return ranked;
    }

    /** Sets an open incident's business impact; null when it is no longer held or no longer open. */
    public synchronized @Nullable Incident measure(String id, io.outrider.core.incident.Impact impact) {
        Incident incident = incidents.get(id);
        if (incident == null || !incident.status().open()) return null;
        Incident measured = incident.withImpact(impact);
        incidents.put(id, measured);
        return measured;
    }

    /** Puts incidents read back from the store (after a restart, or when another writer changed one). */
    public synchronized void restore(Collection<Incident> stored) {
        for (Incident incident : stored) {
            incidents.put(incident.id(), incident);
            for (String fingerprint : incident.alerts().keySet())
                if (incident.status() != IncidentStatus.MERGED) incidentOf.put(fingerprint, incident.id());
        }
    }

    private Incident require(String id) {
        Incident incident = incidents.get(id);
        if (incident == null) throw new IllegalArgumentException("no incident " + id);
        return incident;
    }

    public synchronized Collection<Incident> incidents() {
        return new ArrayList<>(incidents.values());
    }

    public synchronized @Nullable Incident incident(String id) {
        return incidents.get(id);
    }
}
