package io.outrider.alert.rule;

import io.outrider.alert.silence.LabelMatcher;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which series a rule looks at, and how they are combined per alert: the series of {@code metric} whose labels
 * satisfy {@code match}, grouped by the labels {@code by} (one alert per group), combined with {@code aggregate};
 * with {@code ratioTo}, the value is the ratio of the two metrics' groups.
 *
 * <p>Besides every metric on {@code outrider.metrics}, the measures of the span stream can be named
 * ({@link #SPAN_MEASURES}): they exist per {@code service} and per {@code service, endpoint}, and {@code by} chooses
 * which.
 *
 * @param minCount groups whose request count (span measures) or denominator (ratios) is below this are not
 *     evaluated (an error ratio over two requests says nothing)
 */
public record Query(
        String metric,
        @Nullable String ratioTo,
        List<String> by,
        List<LabelMatcher> match,
        Aggregate aggregate,
        double minCount) {

    public enum Aggregate {
        SUM,
        MAX,
        MIN,
        AVG
    }

    /** The measures derived from spans (root transactions of each tree). */
    public static final Set<String> SPAN_MEASURES = Set.of(
            "requests",
            "errors",
            "error_ratio",
            "throughput",
            "latency_mean_ms",
            "latency_p50_ms",
            "latency_p90_ms",
            "latency_p99_ms",
            "latency_max_ms");

    public Query {
        by = List.copyOf(by);
        match = List.copyOf(match);
    }

    public boolean spanMeasure() {
        return SPAN_MEASURES.contains(metric);
    }
}
