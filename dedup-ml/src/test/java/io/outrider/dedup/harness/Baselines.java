package io.outrider.dedup.harness;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.dedup.correlate.CallGraph;
import io.outrider.dedup.correlate.Correlator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The groupings Outrider is compared with, as correlators so that they run through the same incident book. */
final class Baselines {

    private Baselines() {}

    /**
     * Alertmanager's grouping with {@code group_by: [service]}: an alert joins the open group of its service whose
     * last alert came within {@code group_interval} (5 min).
     */
    static Correlator alertmanager() {
        Duration interval = Duration.ofMinutes(5);
        return (alert, open, graph) -> {
            for (Incident incident : open) {
                boolean sameGroup = incident.alerts().values().stream()
                        .anyMatch(e -> Objects.equals(
                                e.labels().get("service"), alert.labels().get("service")));
                if (sameGroup && !alert.startsAt().isAfter(incident.updatedAt().plus(interval)))
                    return new Correlator.Decision(incident.id(), 1, "same service", "alertmanager-group-by-service");
            }
            return new Correlator.Decision(null, 1, "new group", "alertmanager-group-by-service");
        };
    }

    /** Time only: an alert joins the latest open incident if it came within 5 minutes of its last event. */
    static Correlator timeWindow() {
        Duration window = Duration.ofMinutes(5);
        return (Alert alert, List<Incident> open, CallGraph graph) -> {
            Incident latest = null;
            for (Incident incident : open)
                if (latest == null || incident.updatedAt().isAfter(latest.updatedAt())) latest = incident;
            if (latest != null && !alert.startsAt().isAfter(latest.updatedAt().plus(window)))
                return new Correlator.Decision(latest.id(), 1, "within 5 min", "time-window");
            return new Correlator.Decision(null, 1, "new window", "time-window");
        };
    }
}
