package io.outrider.console.postmortem;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The moments of an incident its response is measured by, read from its timeline and evidence.
 *
 * <ul>
 *   <li><b>impact start</b>: the earliest of the first alert and the moment the most likely root cause's evidence
 *       began to deviate (the series left its usual level), if that was within the hour before the first alert;
 *   <li><b>detected</b>: the first alert (the incident opened);
 *   <li><b>acknowledged</b>: the first acknowledgement;
 *   <li><b>mitigated</b>: the first of "marked mitigated" and "a runbook's changes applied" (impact contained);
 *   <li><b>resolved</b>: when it was last resolved, if it is resolved now (all alerts cleared, or a person said so).
 * </ul>
 *
 * Durations: time to detect = detected − impact start; to acknowledge = acknowledged − detected; to mitigate =
 * mitigated − impact start; to resolve = resolved − impact start (the "R" of MTTR here is resolve). Their means over
 * incidents are MTTD, MTTA, MTTM and MTTR.
 */
public record IncidentTimes(
        Instant impactStart,
        Instant detected,
        @Nullable Instant acknowledged,
        @Nullable Instant mitigated,
        @Nullable Instant resolved) {

    private static final Duration LOOKBACK = Duration.ofHours(1);

    public static IncidentTimes of(Incident incident) {
        Instant detected = incident.openedAt();
        Instant impact = detected;
        for (Incident.AlertEntry alert : incident.alerts().values())
            if (alert.firstSeen().isBefore(impact)) impact = alert.firstSeen();
        RootCause cause = incident.rootCause();
        if (cause != null && !cause.ranking().isEmpty())
            for (RootCause.Evidence e : cause.ranking().getFirst().evidence()) {
                Instant since = Instant.ofEpochMilli(e.sinceMillis());
                if (e.sinceMillis() > 0 && since.isBefore(impact) && !since.isBefore(detected.minus(LOOKBACK)))
                    impact = since;
            }
        Instant acknowledged = null;
        Instant mitigated = null;
        Instant resolved = null;
        for (Incident.TimelineEntry entry : incident.timeline()) {
            boolean status = entry.kind().equals("status");
            if (acknowledged == null && status && entry.text().startsWith("acknowledged")) acknowledged = entry.at();
            boolean contained = (status && entry.text().startsWith("mitigated"))
                    || (entry.kind().equals("runbook") && entry.text().contains("applied"));
            if (mitigated == null && contained) mitigated = entry.at();
            if (status && entry.text().startsWith("resolved")) resolved = entry.at();
            if (status && entry.text().startsWith("triggered")) resolved = null; // reopened
        }
        if (incident.status().open()) resolved = null;
        return new IncidentTimes(impact, detected, acknowledged, mitigated, resolved);
    }

    public Duration toDetect() {
        return Duration.between(impactStart, detected);
    }

    public @Nullable Duration toAcknowledge() {
        return acknowledged == null ? null : Duration.between(detected, acknowledged);
    }

    public @Nullable Duration toMitigate() {
        return mitigated == null ? null : Duration.between(impactStart, mitigated);
    }

    public @Nullable Duration toResolve() {
        return resolved == null ? null : Duration.between(impactStart, resolved);
    }

    /** {@code 4 min 05 s}, {@code 1 h 02 min}, or "—". */
    public static String format(@Nullable Duration d) {
        if (d == null) return "—";
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + String.format("%02d", s % 60) + " s";
        return (s / 3600) + " h " + String.format("%02d", (s % 3600) / 60) + " min";
    }
}
