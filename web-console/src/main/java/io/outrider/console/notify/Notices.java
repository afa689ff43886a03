package io.outrider.console.notify;

import io.outrider.core.incident.Incident;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What in an incident's change is worth a message: it opened, its status changed (acknowledged, mitigated,
 * resolved, triggered again), its most likely root cause changed, a runbook run proposed, awaited approval, applied,
 * verified or reverted, or it was merged. Alerts folding in, notes, assignments and snoozes are not announced (the
 * console shows them). Reads the timeline entries added since the last change it saw of that incident.
 */
final class Notices {

    /** Incidents remembered (how much of their timeline was announced), the least recently changed forgotten. */
    private static final int REMEMBERED = 20_000;
    /** An incident first seen with only alerts in its timeline and opened this recently is announced as opened. */
    private static final Duration FRESH = Duration.ofMinutes(5);

    private static final Pattern RUN = Pattern.compile("\\(run ([^)\\s]+)\\)");

    private final Map<String, Integer> announced = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The notices of this change of {@code incident} (a record of {@code outrider.incidents}). */
    synchronized List<Notice> of(Incident incident) {
        List<Incident.TimelineEntry> timeline = incident.timeline();
        Integer before = announced.put(incident.id(), timeline.size());
        List<Notice> out = new ArrayList<>();
        if (before == null) {
            boolean onlyAlerts = timeline.stream().allMatch(e -> e.kind().equals("alert"));
            if (onlyAlerts) {
                if (Duration.between(incident.openedAt(), incident.updatedAt()).compareTo(FRESH) <= 0)
                    out.add(Notice.of(incident, "opened", "opened", null, incident.openedAt()));
                return out;
            }
            // seen for the first time since this instance started: what happened at its last change
            for (Incident.TimelineEntry entry : timeline)
                if (!entry.at().isBefore(incident.updatedAt())) add(incident, entry, out);
            return out;
        }
        for (int i = Math.min(before, timeline.size()); i < timeline.size(); i++) add(incident, timeline.get(i), out);
        return out;
    }

    private static void add(Incident incident, Incident.TimelineEntry entry, List<Notice> out) {
        switch (entry.kind()) {
            case "status" -> {
                String status = entry.text().split("\\s+", 2)[0];
                out.add(Notice.of(incident, status, entry.text(), null, entry.at()));
            }
            case "rootcause" -> out.add(Notice.of(incident, "rootcause", entry.text(), null, entry.at()));
            case "merge" -> out.add(Notice.of(incident, "merged", entry.text(), null, entry.at()));
            case "runbook" -> {
                Matcher run = RUN.matcher(entry.text());
                String awaiting = entry.text().contains("awaiting approval") && run.find() ? run.group(1) : null;
                out.add(Notice.of(incident, "runbook", entry.text(), awaiting, entry.at()));
            }
            default -> {} // alerts, notes, assignments, snoozes, splits: in the console
        }
    }
}
