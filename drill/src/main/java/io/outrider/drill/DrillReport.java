package io.outrider.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A drill report: a Markdown summary table with the targets, each scenario's timeline, a chart of when each step
 * came (SVG, next to the Markdown), and the same figures as JSON.
 */
public final class DrillReport {

    /** Targets: detect p50 ≤ 20 s and p95 ≤ 40 s, faulty service first in ≥ 90 %, mitigation ≤ 60 s. */
    public static final Duration DETECT_P50 = Duration.ofSeconds(20);

    public static final Duration DETECT_P95 = Duration.ofSeconds(40);
    public static final Duration MITIGATE = Duration.ofSeconds(60);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DrillReport() {}

    /** Writes {@code file} (Markdown), the chart beside it ({@code .svg}) and the figures ({@code .json}). */
    public static void write(Path file, List<DrillResult> results, String command) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        String base = file.getFileName().toString().replaceFirst("\\.md$", "");
        Path svg = file.resolveSibling(base + ".svg");
        Path json = file.resolveSibling(base + ".json");
        Files.writeString(svg, chart(results));
        Files.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures(results, command)));
        Files.writeString(file, markdown(results, command, svg.getFileName().toString()));
    }

    static String markdown(List<DrillResult> results, String command, String chart) {
        StringBuilder md = new StringBuilder("# Drill report\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append(table(results)).append('\n');
        md.append(summary(results)).append("\n\n");
        md.append("![when each step came, from the start of the fault](")
                .append(chart)
                .append(")\n\n");
        for (DrillResult r : results) {
            md.append("## ").append(r.scenario()).append("\n\n");
            if (r.error() != null) md.append("**Stopped:** ").append(r.error()).append("\n\n");
            for (DrillResult.Event e : r.timeline())
                md.append("- ")
                        .append(String.format("%4d s", e.at().toSeconds()))
                        .append(" — ")
                        .append(e.what())
                        .append('\n');
            md.append('\n');
        }
        return md.toString();
    }

    /** The summary table, as it goes into docs/benchmarks.md. */
    public static String table(List<DrillResult> results) {
        StringBuilder md = new StringBuilder(
                "| scenario | first alert | incident | incidents | alerts/incident | faulty service rank | runbook in force | KPI recovered | reverted |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (DrillResult r : results)
            md.append("| ")
                    .append(r.scenario())
                    .append(" | ")
                    .append(seconds(r.firstAlert()))
                    .append(" | ")
                    .append(seconds(r.incident()))
                    .append(" | ")
                    .append(r.incidents())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", r.alertsPerIncident()))
                    .append(" | ")
                    .append(r.rankOfFaulty() == 0 ? "—" : r.rankOfFaulty())
                    .append(" | ")
                    .append(seconds(r.runbookInForce()))
                    .append(r.runbooks().isEmpty() ? "" : " (" + r.runbooks() + ")")
                    .append(" | ")
                    .append(seconds(r.recovered()))
                    .append(" | ")
                    .append(r.reverted() ? "yes" : "no")
                    .append(" |\n");
        return md.toString();
    }

    /** Time to detect p50/p95, faulty first share, mitigation, against the targets. */
    public static String summary(List<DrillResult> results) {
        List<Duration> detect = new ArrayList<>();
        int faulty = 0;
        int first = 0;
        int mitigatedInTime = 0;
        int mitigations = 0;
        int repeated = 0;
        for (DrillResult r : results) {
            repeated += r.repeatedSteps();
            if (r.firstAlert() != null) detect.add(r.firstAlert());
            if (r.incidents() > 0 || r.rankOfFaulty() > 0) {
                faulty++;
                if (r.rankOfFaulty() == 1) first++;
            }
            if (r.runbookInForce() != null) {
                mitigations++;
                if (r.runbookInForce().compareTo(MITIGATE) <= 0) mitigatedInTime++;
            }
        }
        detect.sort(null);
        return String.format(
                Locale.ROOT,
                "Time to detect p50 %s (target ≤ %d s), p95 %s (≤ %d s); faulty service ranked first in %d of %d "
                        + "drills with an incident (target ≥ 90 %%); runbook in force within %d s in %d of %d; "
                        + "runbook steps done twice: %d (target 0).",
                seconds(percentile(detect, 0.5)),
                DETECT_P50.toSeconds(),
                seconds(percentile(detect, 0.95)),
                DETECT_P95.toSeconds(),
                first,
                faulty,
                MITIGATE.toSeconds(),
                mitigatedInTime,
                mitigations,
                repeated);
    }

    static @Nullable Duration percentile(List<Duration> sorted, double q) {
        if (sorted.isEmpty()) return null;
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private static String seconds(@Nullable Duration d) {
        return d == null ? "—" : d.toSeconds() + " s";
    }

    private static Map<String, Object> figures(List<DrillResult> results, String command) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DrillResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", r.scenario());
            m.put("start", r.start().toString());
            m.put("firstAlertSeconds", secs(r.firstAlert()));
            m.put("incidentSeconds", secs(r.incident()));
            m.put("incidents", r.incidents());
            m.put("alertsPerIncident", r.alertsPerIncident());
            m.put("rankOfFaulty", r.rankOfFaulty());
            m.put("runbookInForceSeconds", secs(r.runbookInForce()));
            m.put("runbooks", r.runbooks());
            m.put("recoveredSeconds", secs(r.recovered()));
            m.put("reverted", r.reverted());
            m.put("repeatedSteps", r.repeatedSteps());
            m.put("error", r.error());
            m.put(
                    "timeline",
                    r.timeline().stream()
                            .map(e -> Map.of("seconds", e.at().toSeconds(), "what", e.what()))
                            .toList());
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", command);
        out.put("results", list);
        return out;
    }

    private static @Nullable Long secs(@Nullable Duration d) {
        return d == null ? null : d.toSeconds();
    }

    /** One row per scenario: the marks of first alert, incident, runbook in force and recovery on a time axis. */
    static String chart(List<DrillResult> results) {
        long max = 60;
        for (DrillResult r : results)
            for (Duration d : new Duration[] {r.firstAlert(), r.incident(), r.runbookInForce(), r.recovered()})
                if (d != null) max = Math.max(max, d.toSeconds());
        max = ((max + 59) / 60) * 60;
        int left = 130;
        int width = 620;
        int row = 28;
        int height = 50 + row * results.size() + 30;
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                left + width + 20, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (long t = 0; t <= max; t += 60) {
            double x = left + width * (double) t / max;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d s</text>%n",
                    x,
                    x,
                    height - 30,
                    x,
                    height - 14,
                    t));
        }
        String[][] marks = {
            {"first alert", "#ef6c00"},
            {"incident", "#c62828"},
            {"runbook in force", "#1565c0"},
            {"KPI recovered", "#2e7d32"}
        };
        for (int i = 0; i < marks.length; i++)
            svg.append(String.format(
                    "<circle cx=\"%d\" cy=\"14\" r=\"5\" fill=\"%s\"/><text x=\"%d\" y=\"18\">%s</text>%n",
                    left + i * 150, marks[i][1], left + i * 150 + 9, marks[i][0]));
        for (int i = 0; i < results.size(); i++) {
            DrillResult r = results.get(i);
            int y = 50 + i * row;
            svg.append(String.format(
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 8, y + 4, r.scenario()));
            svg.append(String.format(
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", left, y, left + width, y));
            Duration[] at = {r.firstAlert(), r.incident(), r.runbookInForce(), r.recovered()};
            for (int m = 0; m < at.length; m++)
                if (at[m] != null)
                    svg.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\"><title>%s %d s</title></circle>%n",
                            left + width * (double) at[m].toSeconds() / max,
                            y,
                            marks[m][1],
                            marks[m][0],
                            at[m].toSeconds()));
        }
        return svg.append("</svg>\n").toString();
    }
}
