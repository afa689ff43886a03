package io.outrider.dedup.rca;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.correlate.CallGraph;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Root-cause localization of a live incident: the {@link Localizer} over the incident's neighbourhood in the call
 * graph (its services and every service within {@value #HOPS} hops, since the faulty one may have fired no alert of
 * its own), on the series of the last {@link #HISTORY} before the incident up to now. Run again as minutes close,
 * it re-ranks as evidence arrives. Changes to those services shortly before the anomaly (rule changes, injected
 * faults) count as evidence — those limited to another unit than the incident's ({@link Change#unit}) do not, and
 * services whose trouble another unit's incident holds are no suspects ({@link #heldElsewhere}).
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
        return localize(incident, graph, now, List.of());
    }

    /**
     * The ranking of the incident's neighbourhood as of {@code now}, leaving out the services whose trouble belongs
     * to another unit's incident among {@code open} ({@link #heldElsewhere}).
     */
    public RootCause localize(Incident incident, CallGraph graph, Instant now, Collection<Incident> open)
            throws IOException {
        Set<String> services = new HashSet<>(graph.neighbourhood(incident.services(), HOPS));
        services.removeAll(heldElsewhere(incident, open));
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
        // a change limited to another city (a fault injected there) explains nothing here
        List<Change> changes = readings.changes().stream()
                .filter(c -> c.concerns(incident.unit()))
                .toList();
        return new RootCause(now, Localizer.rank(readings.series(), changes, start.toEpochMilli(), calls));
    }

    /**
     * The services whose trouble another unit holds: they have alerts of one city (labelled {@code city} or
     * {@code unit}: singled out there) in an open incident of another unit, and none in this incident. Their series are
     * service-wide, so that city's fault moves them too; it is that city's incident, not a suspect here.
     */
    static Set<String> heldElsewhere(Incident incident, Collection<Incident> open) {
        Set<String> held = new HashSet<>();
        for (Incident other : open) {
            if (!other.status().open() || other.unit().equals(incident.unit())) continue;
            for (Incident.AlertEntry alert : other.alerts().values()) {
                String service = alert.labels().get("service");
                boolean oneCity =
                        alert.labels().containsKey("city") || alert.labels().containsKey(Alert.UNIT);
                if (service != null && oneCity) held.add(service);
            }
        }
        held.removeAll(incident.services());
        return held;
    }

    /** When the incident's anomaly is taken to start: {@link #LEAD} before its earliest alert. */
    public static Instant anomalyStart(Incident incident) {
        Instant first = incident.openedAt();
        for (Incident.AlertEntry entry : incident.alerts().values())
            if (entry.firstSeen().isBefore(first)) first = entry.firstSeen();
        return first.minus(LEAD);
    }
}
