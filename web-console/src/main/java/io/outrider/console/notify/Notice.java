package io.outrider.console.notify;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentSummary;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One thing to tell a channel about an incident.
 *
 * @param event opened, acknowledged, mitigated, resolved, triggered, rootcause, runbook, merged or test
 * @param text what happened, e.g. {@code acknowledged by alice}
 * @param status the incident's status after it
 * @param runId the run awaiting approval (the message offers approve and reject), else null
 */
public record Notice(
        String incidentId,
        String event,
        String text,
        String severity,
        String unit,
        SortedSet<String> services,
        String status,
        String title,
        @Nullable String rootCause,
        @Nullable String runId,
        Instant at) {

    /** The event of a test message an admin sends from the console. */
    public static final String TEST = "test";

    public Notice {
        services = Collections.unmodifiableSortedSet(new TreeSet<>(services));
    }

    static Notice of(Incident incident, String event, String text, @Nullable String runId, Instant at) {
        return new Notice(
                incident.id(),
                event,
                text,
                incident.severity(),
                incident.unit(),
                incident.services(),
                incident.status().wire(),
                IncidentSummary.title(incident),
                incident.rootCause() == null ? null : incident.rootCause().top(),
                runId,
                at);
    }

    /** Whether the incident is still open (its message offers acknowledge and resolve). */
    public boolean open() {
        return status.equals("triggered") || status.equals("acknowledged") || status.equals("mitigated");
    }

    /** One line: {@code INC-1 [critical] acknowledged by alice — Latency, Errors (order-service; city-1)}. */
    public String line() {
        return incidentId + " [" + severity + "] " + text + " — " + title + " (" + String.join(", ", services)
                + (unit.isEmpty() ? "" : "; " + unit) + ")";
    }
}
