package io.outrider.console.postmortem;

import io.outrider.core.incident.Impact;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentSummary;
import io.outrider.core.incident.RootCause;
import io.outrider.runbooks.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A postmortem draft in Markdown with the sections of Google's SRE template (summary, impact, root causes, trigger,
 * detection, resolution, action items, lessons learned, timeline, supporting information), written from what Outrider
 * recorded: the timeline, the root-cause ranking and its evidence, the business impact, the runbook runs and the
 * similar past incidents. Blameless: it names what happened and who acted, not who erred. People edit it in the
 * console; the figures are measured, the judgements are suggestions marked as such.
 */
public final class PostmortemDraft {

    /**
     * Response goals the lessons compare against: detect, locate and mitigate (the industry's "1-5-10" as a
     * template; {@code outrider.postmortems.slo-*}).
     */
    public record Goals(Duration detect, Duration locate, Duration mitigate) {
        public static final Goals DEFAULT =
                new Goals(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    /** A similar past incident to link. */
    public record Similar(String id, String title, double similarity) {}

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private PostmortemDraft() {}

    public static String write(
            Incident incident, List<Run> runs, List<Similar> similar, String consoleUrl, Goals goals, Instant now) {
        IncidentTimes times = IncidentTimes.of(incident);
        Instant end = times.resolved() != null ? times.resolved() : now;
        Duration lasted = Duration.between(times.impactStart(), end);
        BusinessImpact business = BusinessImpact.of(incident.impact(), lasted);
        RootCause cause = incident.rootCause();
        String top = cause == null ? null : cause.top();
        Set<String> responders = responders(incident, runs);
        StringBuilder md = new StringBuilder();

        md.append("# Postmortem: ")
                .append(IncidentSummary.title(incident))
                .append(" (")
                .append(incident.id())
                .append(")\n\n");
        md.append("- **Date:** ")
                .append(TIME.format(times.impactStart()).substring(0, 10))
                .append('\n');
        md.append("- **Authors:** ")
                .append(responders.isEmpty() ? "_to fill in_" : String.join(", ", responders))
                .append('\n');
        md.append("- **Status:** Draft")
                .append(incident.status().open() ? " (the incident is still open)" : "")
                .append('\n');
        md.append("- **Incident:** [")
                .append(incident.id())
                .append("](")
                .append(consoleUrl)
                .append("/incidents/")
                .append(incident.id())
                .append(") · ")
                .append(incident.severity())
                .append(" · unit ")
                .append(incident.unit().isEmpty() ? "—" : incident.unit())
                .append(" · services ")
                .append(String.join(", ", incident.services()))
                .append("\n\n");

        md.append("## Summary\n\n");
        md.append(capital(incident.severity()))
                .append(" incident in ")
                .append(incident.unit().isEmpty() ? "the platform" : incident.unit())
                .append(": ")
                .append(IncidentSummary.title(incident))
                .append(" on ")
                .append(String.join(", ", incident.services()))
                .append(
                        times.resolved() != null
                                ? " for " + IncidentTimes.format(lasted) + " (impact start to resolution)"
                                : ", ongoing for " + IncidentTimes.format(lasted))
                .append(". ");
        md.append(top == null ? "No root cause was ranked. " : "The most likely root cause was **" + top + "**. ");
        Run mitigation = mitigation(runs);
        if (mitigation != null)
            md.append("Mitigated by runbook `")
                    .append(mitigation.runbookId())
                    .append("` on ")
                    .append(mitigation.target())
                    .append(". ");
        else if (times.mitigated() != null) md.append("Mitigated by hand. ");
        md.append(
                        business.ordersAffected() > 0
                                ? "About " + business.ordersAffected() + " orders were affected."
                                : "No order shortfall was measured.")
                .append("\n\n");

        md.append("## Impact\n\n");
        md.append("| Figure | Value |\n|---|---|\n");
        md.append("| Orders affected (estimate) | ")
                .append(business.ordersAffected())
                .append(" |\n");
        md.append("| Deliveries late (estimate) | ")
                .append(business.deliveriesLate())
                .append(" of ")
                .append(business.deliveriesDuring())
                .append(" delivered during the incident |\n");
        if (!Double.isNaN(business.deliveryMinutes()))
            md.append("| Mean delivery time | ")
                    .append(figure(business.deliveryMinutes()))
                    .append(" min (usually ")
                    .append(figure(business.usualDeliveryMinutes()))
                    .append(" min) |\n");
        md.append("| Duration of impact | ")
                .append(IncidentTimes.format(lasted))
                .append(" |\n");
        md.append("| Alerts | ")
                .append(incident.alertCount())
                .append(" from ")
                .append(incident.alerts().size())
                .append(" fingerprints |\n\n");
        Impact impact = incident.impact();
        if (impact != null && !impact.kpis().isEmpty()) {
            md.append("| KPI | Usual per min | During per min | Change |\n|---|---:|---:|---:|\n");
            for (Impact.Kpi kpi : impact.kpis())
                md.append("| ")
                        .append(kpi.name())
                        .append(" | ")
                        .append(figure(kpi.baseline()))
                        .append(" | ")
                        .append(figure(kpi.during()))
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%+.0f %%", kpi.deltaPercent()))
                        .append(" |\n");
            md.append('\n');
        }
        md.append("Orders affected: the larger shortfall of orders created or dispatched against the usual rate, over "
                + "the duration. Deliveries late: deliveries while the mean delivery time was at least 10 % above "
                + "usual.\n\n");

        md.append("## Root causes\n\n");
        if (cause == null || cause.ranking().isEmpty()) md.append("_Not ranked; to fill in._\n\n");
        else {
            int rank = 1;
            for (RootCause.Suspect suspect : cause.ranking().stream().limit(3).toList()) {
                md.append(rank++)
                        .append(". **")
                        .append(suspect.service())
                        .append("** (score ")
                        .append(String.format(Locale.ROOT, "%.2f", suspect.score()))
                        .append(")");
                for (RootCause.Evidence e : suspect.evidence().stream().limit(3).toList())
                    md.append("\n   - ").append(evidence(e));
                md.append('\n');
            }
            md.append("\n_Ranked by Outrider at ")
                    .append(TIME.format(cause.rankedAt()))
                    .append(" UTC; confirm or correct._\n\n");
        }

        md.append("## Trigger\n\n");
        String change = cause == null
                ? null
                : cause.ranking().stream()
                        .flatMap(s -> s.evidence().stream())
                        .filter(e -> e.series().startsWith("change: "))
                        .map(e -> e.series().substring("change: ".length()) + " at "
                                + TIME.format(Instant.ofEpochMilli(e.sinceMillis())) + " UTC")
                        .findFirst()
                        .orElse(null);
        md.append(
                        change != null
                                ? "A change shortly before: " + change + "."
                                : "No deployment or configuration change was recorded before it; to fill in.")
                .append("\n\n");

        md.append("## Detection\n\n");
        Incident.AlertEntry first = incident.alerts().values().stream()
                .min(java.util.Comparator.comparing(Incident.AlertEntry::firstSeen))
                .orElse(null);
        md.append("Outrider opened the incident at ")
                .append(TIME.format(times.detected()))
                .append(" UTC");
        if (first != null)
            md.append(" on the alert **")
                    .append(first.labels().getOrDefault("alertname", "alert"))
                    .append("**")
                    .append(
                            first.labels().containsKey("service")
                                    ? " of " + first.labels().get("service")
                                    : "");
        md.append(", ").append(IncidentTimes.format(times.toDetect())).append(" after the impact began. ");
        md.append(
                        times.acknowledged() != null
                                ? "It was acknowledged " + IncidentTimes.format(times.toAcknowledge()) + " later."
                                : "It was never acknowledged.")
                .append("\n\n");

        md.append("## Resolution\n\n");
        if (runs.isEmpty()) md.append("No runbook ran.\n");
        for (Run run : runs)
            md.append("- Runbook `")
                    .append(run.runbookId())
                    .append("` on ")
                    .append(run.target())
                    .append(" (")
                    .append(run.automatic() ? "automatic" : "approved by " + orDash(run.approvedBy()))
                    .append("): ")
                    .append(run.state().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(run.reason() == null ? "" : " — " + run.reason())
                    .append('\n');
        md.append(
                times.resolved() != null
                        ? "\nResolved at " + TIME.format(times.resolved()) + " UTC.\n\n"
                        : "\nNot resolved yet.\n\n");

        md.append("## Response times\n\n| Measure | Value | Goal |\n|---|---|---|\n");
        md.append("| Time to detect (impact start → first alert) | ")
                .append(IncidentTimes.format(times.toDetect()))
                .append(" | ")
                .append(IncidentTimes.format(goals.detect()))
                .append(" |\n");
        md.append("| Time to acknowledge (first alert → acknowledged) | ")
                .append(IncidentTimes.format(times.toAcknowledge()))
                .append(" | |\n");
        md.append("| Time to mitigate (impact start → mitigated) | ")
                .append(IncidentTimes.format(times.toMitigate()))
                .append(" | ")
                .append(IncidentTimes.format(goals.mitigate()))
                .append(" |\n");
        md.append("| Time to resolve (impact start → resolved) | ")
                .append(IncidentTimes.format(times.toResolve()))
                .append(" | |\n\n");

        md.append("## Action items\n\n| Action item | Type | Owner | Ticket |\n|---|---|---|---|\n");
        String owner = incident.assignee() != null ? incident.assignee() : "_to assign_";
        md.append("| ")
                .append(top != null ? "Fix the root cause in " + top : "Find and fix the root cause")
                .append(" | prevent | ")
                .append(owner)
                .append(" | |\n");
        if (times.toDetect().compareTo(goals.detect()) > 0)
            md.append("| Alert earlier: detection took ")
                    .append(IncidentTimes.format(times.toDetect()))
                    .append(top != null ? " (add a rule on " + top + "'s evidence series)" : "")
                    .append(" | process | ")
                    .append(owner)
                    .append(" | |\n");
        if (mitigation == null)
            md.append("| Write or extend a runbook for this kind of incident | mitigate | ")
                    .append(owner)
                    .append(" | |\n");
        else if (!mitigation.automatic())
            md.append("| Consider running `")
                    .append(mitigation.runbookId())
                    .append("` automatically (it waited for approval) | mitigate | ")
                    .append(owner)
                    .append(" | |\n");
        md.append('\n');

        md.append("## Lessons learned\n\n### What went well\n\n");
        List<String> well = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        (times.toDetect().compareTo(goals.detect()) <= 0 ? well : wrong)
                .add("Detection in " + IncidentTimes.format(times.toDetect()) + " (goal "
                        + IncidentTimes.format(goals.detect()) + ")");
        if (cause != null && top != null) {
            Duration located = Duration.between(times.impactStart(), cause.rankedAt());
            (located.compareTo(goals.locate()) <= 0 ? well : wrong)
                    .add("Root cause ranked " + IncidentTimes.format(located) + " after the impact began (goal "
                            + IncidentTimes.format(goals.locate()) + ")");
        } else wrong.add("No root cause was ranked");
        Duration mitigated = times.toMitigate();
        if (mitigated != null)
            (mitigated.compareTo(goals.mitigate()) <= 0 ? well : wrong)
                    .add("Mitigation in " + IncidentTimes.format(mitigated) + " (goal "
                            + IncidentTimes.format(goals.mitigate()) + ")");
        else wrong.add("Nothing mitigated the impact before resolution");
        for (String line : well) md.append("- ").append(line).append('\n');
        if (well.isEmpty()) md.append("- _to fill in_\n");
        md.append("\n### What went wrong\n\n");
        for (String line : wrong) md.append("- ").append(line).append('\n');
        if (wrong.isEmpty()) md.append("- _to fill in_\n");
        md.append("\n### Where we got lucky\n\n- _to fill in_\n\n");

        md.append("## Timeline\n\nAll times UTC.\n\n");
        md.append("- ")
                .append(TIME.format(times.impactStart()))
                .append(" — impact began (")
                .append(times.impactStart().equals(times.detected()) ? "first alert" : "evidence deviates")
                .append(")\n");
        for (Incident.TimelineEntry entry : incident.timeline())
            md.append("- ")
                    .append(TIME.format(entry.at()))
                    .append(" — ")
                    .append(entry.kind())
                    .append(": ")
                    .append(entry.text().replace("\n", " "))
                    .append('\n');
        md.append('\n');

        md.append("## Supporting information\n\n");
        if (similar.isEmpty()) md.append("No similar past incident.\n");
        else {
            md.append("Similar past incidents:\n\n");
            for (Similar s : similar)
                md.append("- [")
                        .append(s.id())
                        .append("](")
                        .append(consoleUrl)
                        .append("/incidents/")
                        .append(s.id())
                        .append(") ")
                        .append(s.title())
                        .append(String.format(Locale.ROOT, " (similarity %.2f)", s.similarity()))
                        .append('\n');
        }
        return md.toString();
    }

    private static @Nullable Run mitigation(List<Run> runs) {
        return runs.stream()
                .filter(r -> r.state() == Run.State.SUCCEEDED
                        || r.state() == Run.State.VERIFYING
                        || (r.state() == Run.State.REVERTED && !r.applied().isEmpty()))
                .findFirst()
                .orElse(null);
    }

    private static Set<String> responders(Incident incident, List<Run> runs) {
        Set<String> people = new LinkedHashSet<>();
        if (incident.assignee() != null) people.add(incident.assignee());
        for (Incident.TimelineEntry entry : incident.timeline()) {
            int by = entry.text().lastIndexOf(" by ");
            if (entry.kind().equals("status") && by > 0) {
                String who = entry.text().substring(by + 4).strip();
                if (!who.startsWith("outrider") && !who.contains(" ")) people.add(who);
            }
        }
        for (Run run : runs) if (run.approvedBy() != null) people.add(run.approvedBy());
        return people;
    }

    private static String evidence(RootCause.Evidence e) {
        if (e.series().startsWith("change: "))
            return e.series() + " at " + TIME.format(Instant.ofEpochMilli(e.sinceMillis())) + " UTC";
        return String.format(
                Locale.ROOT,
                "%s: %s against usually %s (%.1f units off) since %s UTC",
                e.series(),
                figure(e.observed()),
                figure(e.baseline()),
                e.deviation(),
                TIME.format(Instant.ofEpochMilli(e.sinceMillis())));
    }

    private static String figure(double v) {
        if (Double.isNaN(v)) return "—";
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String orDash(@Nullable String s) {
        return s == null ? "—" : s;
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
