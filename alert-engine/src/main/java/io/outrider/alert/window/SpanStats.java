package io.outrider.alert.window;

import org.HdrHistogram.Histogram;

/** Requests, failures and latencies of one endpoint (or service) in one window. */
public final class SpanStats {

    /** Latencies are recorded in milliseconds up to an hour, two significant digits. */
    private static final long MAX_MS = 3_600_000;

    private long count;
    private long errors;
    private final Histogram latencyMs = new Histogram(MAX_MS, 2);

    public void record(long durationMicros, boolean error) {
        count++;
        if (error) errors++;
        latencyMs.recordValue(Math.clamp(durationMicros / 1000, 0, MAX_MS));
    }

    /** The statistics of {@code parts} together. */
    public static SpanStats of(Iterable<SpanStats> parts) {
        SpanStats sum = new SpanStats();
        for (SpanStats part : parts) sum.add(part);
        return sum;
    }

    /** These statistics without {@code part}, which they include (a city's requests out of its service's). */
    public SpanStats without(SpanStats part) {
        SpanStats rest = new SpanStats();
        rest.count = count - part.count;
        rest.errors = errors - part.errors;
        rest.latencyMs.add(latencyMs);
        rest.latencyMs.subtract(part.latencyMs);
        return rest;
    }

    public void add(SpanStats other) {
        count += other.count;
        errors += other.errors;
        latencyMs.add(other.latencyMs);
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** Requests slower than {@code ms}. */
    public long slowerThan(double ms) {
        long slower = 0;
        if (count == 0) return 0;
        long threshold = (long) Math.floor(ms);
        if (threshold >= latencyMs.getMaxValue()) return 0;
        slower = latencyMs.getCountBetweenValues(latencyMs.nextNonEquivalentValue(threshold), MAX_MS);
        return slower;
    }

    /** One of the span measures of {@link io.outrider.alert.rule.Query#SPAN_MEASURES} over a window of that length. */
    public double measure(String name, double windowSeconds) {
        return switch (name) {
            case "requests" -> count;
            case "errors" -> errors;
            case "error_ratio" -> count == 0 ? 0 : (double) errors / count;
            case "throughput" -> count / windowSeconds;
            case "latency_mean_ms" -> latencyMs.getMean();
            case "latency_p50_ms" -> latencyMs.getValueAtPercentile(50);
            case "latency_p90_ms" -> latencyMs.getValueAtPercentile(90);
            case "latency_p99_ms" -> latencyMs.getValueAtPercentile(99);
            case "latency_max_ms" -> latencyMs.getMaxValue();
            default -> throw new IllegalArgumentException("not a span measure: " + name);
        };
    }
}
