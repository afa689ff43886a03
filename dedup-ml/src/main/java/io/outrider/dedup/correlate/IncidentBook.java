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

    private final Correlator correlator;
    private final Supplier<CallGraph> graph;
    private final Supplier<String> ids;
    private final Deduplicator dedup = new Deduplicator();
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final Map<String, String> incidentOf = new LinkedHashMap<>();

    public IncidentBook(Correlator correlator, Supplier<CallGraph> graph, Supplier<String> ids) {
        this.correlator = correlator;
        this.graph = graph;
        this.ids = ids;
    }

    public synchronized Result accept(Alert alert) {
        Deduplicator.Outcome outcome = dedup.accept(alert);
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
        Correlator.Decision decision = correlator.decide(alert, open, graph.get());
        Incident incident;
        String joined = decision.incident();
        Incident target = joined == null ? null : incidents.get(joined);
        if (target != null) incident = target.with(alert, decision.reason() + "; " + decision.provenance());
        else incident = Incident.open(ids.get(), alert, decision.reason() + "; " + decision.provenance());
        incidents.put(incident.id(), incident);
        incidentOf.put(alert.fingerprint(), incident.id());
        return new Result(outcome, incident, decision);
    }

    /** Merges {@code from} into {@code into}: its alerts move, it becomes merged (a label for the learned model). */
    public synchronized Incident merge(String from, String into, String by, Instant at) {
        Incident source = require(from);
        Incident target = require(into);
        for (Map.Entry<String, Incident.AlertEntry> entry : source.alerts().entrySet()) {
            Incident.AlertEntry a = entry.getValue();
            Alert moved = new Alert(
                    entry.getKey(),
                    a.firing() ? Alert.Status.FIRING : Alert.Status.RESOLVED,
                    a.labels(),
                    new java.util.TreeMap<>(),
                    a.firstSeen(),
                    a.firing() ? null : a.lastSeen(),
                    "merge",
                    "");
            target = target.with(moved, "merged from " + from + " by " + by);
            incidentOf.put(entry.getKey(), into);
        }
        incidents.put(into, target);
        incidents.put(from, source.transition(IncidentStatus.MERGED, by + " into " + into, at));
        return target;
    }

    /** Moves an incident through its lifecycle (acknowledge, mitigate, resolve); throws when it may not. */
    public synchronized Incident transition(String id, IncidentStatus next, String by, Instant at) {
        Incident updated = require(id).transition(next, by, at);
        incidents.put(id, updated);
        return updated;
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
