package io.outrider.core.metric;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One value of one series at one time. The series is the name plus its labels, kept sorted so that equal series
 * compare and hash equal whatever order the labels came in.
 *
 * @param timestampMillis epoch milliseconds
 */
public record MetricPoint(String name, SortedMap<String, String> labels, long timestampMillis, double value) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:.]*");

    public MetricPoint {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches())
            throw new IllegalArgumentException("metric name must match " + NAME + ": " + name);
        Objects.requireNonNull(labels, "labels");
        labels.forEach((k, v) -> {
            if (k == null || k.isEmpty()) throw new IllegalArgumentException("empty label name in " + name);
            if (v == null) throw new IllegalArgumentException("label " + k + " of " + name + " has no value");
        });
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        if (Double.isNaN(value)) throw new IllegalArgumentException("value of " + name + " is NaN");
    }

    public static MetricPoint of(String name, Map<String, String> labels, long timestampMillis, double value) {
        return new MetricPoint(name, new TreeMap<>(labels), timestampMillis, value);
    }
}
