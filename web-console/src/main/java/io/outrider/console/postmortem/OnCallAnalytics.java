package io.outrider.console.postmortem;

import io.outrider.core.incident.Incident;
import io.outrider.runbooks.run.Run;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * On-call figures over the incidents of the last weeks: MTTA and MTTR per service and week (the means of {@link
 * IncidentTimes}), incidents per service, alerts per incident (the noise a responder sees), runbook success rate, and
 * the pages out of working hours. Merged incidents are left out (their alerts count in the incident they joined).
 */
public final class OnCallAnalytics {

    /**
     * When a page is in working hours.
     *
     * @param zone the on-call team's time zone
     */
    public record WorkingHours(ZoneId zone, LocalTime from, LocalTime to, Set<DayOfWeek> days) {
        public static final WorkingHours DEFAULT = new WorkingHours(
                ZoneId.of("UTC"),
                LocalTime.of(9, 0),
                LocalTime.of(18, 0),
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY));

        public boolean contains(Instant at) {
            ZonedDateTime local = at.atZone(zone);
            LocalTime time = local.toLocalTime();
            return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
    }

    /** Means in minutes (NaN when no incident had the moment) and counts of one service in one week. */
    public record Cell(String service, String week, int incidents, double mttaMinutes, double mttrMinutes) {}

    /** One runbook's runs: finished with success (succeeded, or reverted after), failed, rejected. */
    public record RunbookRate(String runbook, int succeeded, int failed, int rejected) {
        public double rate() {
            int finished = succeeded + failed;
            return finished == 0 ? Double.NaN : (double) succeeded / finished;
        }
    }

    /**
     * @param weeks ISO weeks, oldest first ({@code 2026-W47})
     * @param cells per service and week
     * @param byWeek all services: incidents, MTTA, MTTR per week
     * @param perService incidents per service, most first
     * @param noise alerts per incident: buckets → incidents
     * @param meanAlerts mean alerts per incident
     * @param outOfHours per week: pages outside working hours
     * @param inHours per week: pages inside working hours
     */
    public record Report(
            List<String> weeks,
            List<Cell> cells,
            List<Cell> byWeek,
            Map<String, Integer> perService,
            Map<String, Integer> noise,
            double meanAlerts,
            List<RunbookRate> runbooks,
            Map<String, Integer> outOfHours,
            Map<String, Integer> inHours,
            int incidents) {}

    private static final List<String> BUCKETS = List.of("1", "2–5", "6–20", "21–100", "> 100");

    private OnCallAnalytics() {}

    public static Report of(List<Incident> all, List<Run> runs, WorkingHours hours, Instant since) {
        List<Incident> incidents = all.stream()
                .filter(i -> i.mergedInto() == null && !i.openedAt().isBefore(since))
                .toList();
        TreeSet<String> weeks = new TreeSet<>();
        Map<String, Map<String, List<IncidentTimes>>> grouped = new TreeMap<>();
        Map<String, List<IncidentTimes>> weekly = new TreeMap<>();
        Map<String, Integer> perService = new TreeMap<>();
        Map<String, Integer> noise = new LinkedHashMap<>();
        BUCKETS.forEach(b -> noise.put(b, 0));
        Map<String, Integer> outOfHours = new TreeMap<>();
        Map<String, Integer> inHours = new TreeMap<>();
        long alerts = 0;
        for (Incident incident : incidents) {
            String week = week(incident.openedAt(), hours.zone());
            weeks.add(week);
            IncidentTimes times = IncidentTimes.of(incident);
            weekly.computeIfAbsent(week, w -> new ArrayList<>()).add(times);
            for (String service : incident.services().isEmpty() ? Set.of("(none)") : incident.services()) {
                grouped.computeIfAbsent(service, s -> new TreeMap<>())
                        .computeIfAbsent(week, w -> new ArrayList<>())
                        .add(times);
                perService.merge(service, 1, Integer::sum);
            }
            int count = incident.alertCount();
            alerts += count;
            noise.merge(bucket(count), 1, Integer::sum);
            (hours.contains(incident.openedAt()) ? inHours : outOfHours).merge(week, 1, Integer::sum);
        }
        for (String week : weeks) {
            outOfHours.putIfAbsent(week, 0);
            inHours.putIfAbsent(week, 0);
        }
        List<Cell> cells = new ArrayList<>();
        grouped.forEach((service, byWeek) -> byWeek.forEach((week, times) -> cells.add(cell(service, week, times))));
        List<Cell> byWeek = new ArrayList<>();
        weekly.forEach((week, times) -> byWeek.add(cell("all", week, times)));
        Map<String, Integer> ranked = new LinkedHashMap<>();
        perService.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> ranked.put(e.getKey(), e.getValue()));
        Map<String, int[]> outcome = new TreeMap<>();
        for (Run run : runs) {
            if (run.createdAt().isBefore(since)) continue;
            int[] o = outcome.computeIfAbsent(run.runbookId(), r -> new int[3]);
            switch (run.state()) {
                case SUCCEEDED, REVERTED -> o[0]++;
                case FAILED -> o[1]++;
                case REJECTED -> o[2]++;
                default -> {} // still running or awaiting approval
            }
        }
        List<RunbookRate> rates = new ArrayList<>();
        outcome.forEach((runbook, o) -> rates.add(new RunbookRate(runbook, o[0], o[1], o[2])));
        return new Report(
                List.copyOf(weeks),
                cells,
                byWeek,
                ranked,
                noise,
                incidents.isEmpty() ? 0 : (double) alerts / incidents.size(),
                rates,
                outOfHours,
                inHours,
                incidents.size());
    }

    private static Cell cell(String service, String week, List<IncidentTimes> times) {
        return new Cell(
                service,
                week,
                times.size(),
                mean(times.stream().map(IncidentTimes::toAcknowledge).toList()),
                mean(times.stream().map(IncidentTimes::toResolve).toList()));
    }

    private static double mean(List<Duration> durations) {
        double sum = 0;
        int n = 0;
        for (Duration d : durations)
            if (d != null) {
                sum += d.toMillis() / 60_000.0;
                n++;
            }
        return n == 0 ? Double.NaN : sum / n;
    }

    static String week(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return String.format(
                "%d-W%02d", local.get(IsoFields.WEEK_BASED_YEAR), local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static String bucket(int alerts) {
        if (alerts <= 1) return BUCKETS.get(0);
        if (alerts <= 5) return BUCKETS.get(1);
        if (alerts <= 20) return BUCKETS.get(2);
        if (alerts <= 100) return BUCKETS.get(3);
        return BUCKETS.get(4);
    }
}
