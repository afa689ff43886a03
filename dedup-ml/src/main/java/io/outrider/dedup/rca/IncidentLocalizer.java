package io.outrider.dedup.rca;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.correlate.CallGraph;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Root-cause localization of a live incident: the {@link Localizer} over the incident's neighbourhood in the call
 * graph (its services and every service within {@value #HOPS} hops, since the faulty one may have fired no alert of
 * its own), on the series of the last {@link #HISTORY} before the incident up to now. Run again as minutes close,
 * it re-ranks as evidence arrives. Changes to those services shortly before the anomaly (rule changes, injected
 * faults) count as evidence.
 */
public final class IncidentLocalizer {

    /** How much of each series' past is its baseline. */
    public static final Duration HISTORY = Duration.ofMinutes(30);
    /** How far from the alerting services a suspect may be. */
    public static final int HOPS = 2;
    /**
     * How long before its first alert an anomaly is taken to start: alerts fire after their window and
     * {@code for} duration, so the series moved earlier.
     */
    public static final Duration LEAD = Duration.ofMinutes(1);

    private final SeriesSource source;

    public IncidentLocalizer(SeriesSource source) {
        this.source = source;
    }

    /** The ranking of the incident's neighbourhood as of {@code now}. */
    public RootCause localize(Incident incident, CallGraph graph, Instant now) throws IOException {
        Set<String> services = graph.neighbourhood(incident.services(), HOPS);
        Instant start = anomalyStart(incident);
        // the changes the localizer counts (shortly before the anomaly) fall within the series' window
        SeriesSource.Readings readings = source.read(services, start.minus(HISTORY), now);
        Map<String, Set<String>> calls = new HashMap<>();
        graph.calls().forEach((caller, callees) -> {
            if (!services.contains(caller)) return;
            Set<String> inside = new HashSet<>(callees);
            inside.retainAll(services);
            if (!inside.isEmpty()) calls.put(caller, inside);
        });
        return new RootCause(now, Localizer.rank(readings.series(), readings.changes(), start.toEpochMilli(), calls));
    }

    /** When the incident's anomaly is taken to start: {@link #LEAD} before its earliest alert. */
    public static Instant anomalyStart(Incident incident) {
        Instant first = incident.openedAt();
        for (Incident.AlertEntry entry : incident.alerts().values())
            if (entry.firstSeen().isBefore(first)) first = entry.firstSeen();
        return first.minus(LEAD);
    }
}
