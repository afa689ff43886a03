package io.outrider.alert.eval;

import io.outrider.alert.rule.Query;
import io.outrider.alert.silence.LabelMatcher;
import io.outrider.alert.window.Series;
import io.outrider.alert.window.SpanStats;
import io.outrider.alert.window.Window;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What a query reads from a window: one value (and its weight) per group of its {@code by} labels. */
final class Selection {

    /**
     * @param count the weight behind the value: requests for span measures, the denominator for ratios, the number
     *     of series otherwise — compared with the query's {@code minCount}
     */
    record Value(double value, double count) {}

    private Selection() {}

    static Map<SortedMap<String, String>, Value> values(Query query, Window window) {
        Map<SortedMap<String, String>, Value> values = new HashMap<>();
        if (query.spanMeasure()) {
            spans(query, window).forEach((group, stats) -> {
                if (stats.count() >= query.minCount())
                    values.put(group, new Value(stats.measure(query.metric(), window.seconds()), stats.count()));
            });
            return values;
        }
        Map<SortedMap<String, String>, double[]> numerators = aggregate(query, query.metric(), window);
        String ratioTo = query.ratioTo();
        if (ratioTo == null) {
            numerators.forEach((group, acc) -> {
                if (acc[1] >= query.minCount()) values.put(group, new Value(result(query.aggregate(), acc), acc[1]));
            });
            return values;
        }
        Map<SortedMap<String, String>, double[]> denominators = aggregate(query, ratioTo, window);
        denominators.forEach((group, acc) -> {
            double denominator = result(query.aggregate(), acc);
            if (denominator <= 0 || denominator < query.minCount()) return;
            double[] numerator = numerators.get(group);
            double value = numerator == null ? 0 : result(query.aggregate(), numerator);
            values.put(group, new Value(value / denominator, denominator));
        });
        return values;
    }

    /**
     * The span statistics per group: per service, and per endpoint and per city when {@code by} names them (a
     * group per city leaves out the requests that named none).
     */
    static Map<SortedMap<String, String>, SpanStats> spans(Query query, Window window) {
        Map<SortedMap<String, String>, SpanStats> groups = new HashMap<>();
        window.groups(query.by().contains("endpoint"), query.by().contains("city"))
                .forEach((labels, stats) -> {
                    if (LabelMatcher.all(query.match(), labels)) groups.put(labels, stats);
                });
        return groups;
    }

    /** Per group: {sum, n, min, max}. Series that lack one of the {@code by} labels are left out. */
    private static Map<SortedMap<String, String>, double[]> aggregate(Query query, String metric, Window window) {
        Map<SortedMap<String, String>, double[]> groups = new HashMap<>();
        List<String> by = query.by();
        for (Map.Entry<Series, Double> entry : window.points().entrySet()) {
            Series series = entry.getKey();
            if (!series.name().equals(metric) || !LabelMatcher.all(query.match(), series.labels())) continue;
            SortedMap<String, String> group = new TreeMap<>();
            boolean complete = true;
            for (String label : by) {
                String value = series.labels().get(label);
                if (value == null) {
                    complete = false;
                    break;
                }
                group.put(label, value);
            }
            if (!complete) continue;
            double value = entry.getValue();
            double[] acc = groups.computeIfAbsent(
                    group, g -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            acc[0] += value;
            acc[1]++;
            acc[2] = Math.min(acc[2], value);
            acc[3] = Math.max(acc[3], value);
        }
        return groups;
    }

    private static double result(Query.Aggregate aggregate, double[] acc) {
        return switch (aggregate) {
            case SUM -> acc[0];
            case AVG -> acc[0] / acc[1];
            case MIN -> acc[2];
            case MAX -> acc[3];
        };
    }

    /** Whether a group that sent nothing in a window counts as zero (counts and rates) rather than unknown. */
    static boolean zeroWhenMissing(Query query) {
        if (query.spanMeasure())
            return List.of("requests", "errors", "throughput").contains(query.metric());
        return query.ratioTo() == null && query.aggregate() == Query.Aggregate.SUM;
    }
}
