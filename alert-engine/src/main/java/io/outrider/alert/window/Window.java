package io.outrider.alert.window;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One closed window: the span statistics per {@code {service, endpoint}} and the value of every metric series in
 * it (the last value of a gauge; the increase of a counter — names ending in {@code _total}, {@code _count},
 * {@code _sum}, {@code _bucket}; the sum of CAT business metrics, which are already increments).
 */
public final class Window {

    private final Duration size;
    private final Instant start;
    private final Map<Endpoint, SpanStats> endpoints;
    private final Map<Series, Double> points;
    private @Nullable Map<String, SpanStats> services;

    /** A span key: the service (CAT domain) and the endpoint (root transaction, {@code type:name}). */
    public record Endpoint(String service, String endpoint) {
        /** Whether it serves requests: CAT's {@code URL} (HTTP) and {@code Service} (RPC) transactions. */
        public boolean request() {
            return endpoint.startsWith("URL:") || endpoint.startsWith("Service:");
        }
    }

    Window(Duration size, Instant start, Map<Endpoint, SpanStats> endpoints, Map<Series, Double> points) {
        this.size = size;
        this.start = start;
        this.endpoints = endpoints;
        this.points = points;
    }

    public Duration size() {
        return size;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plus(size);
    }

    public double seconds() {
        return size.toMillis() / 1000.0;
    }

    public Map<Endpoint, SpanStats> endpoints() {
        return endpoints;
    }

    /**
     * The span statistics of each service: its request endpoints merged (computed once). Background work a
     * service does on its own (a dispatch batch, a scheduled task) is an endpoint of its own but not part of the
     * service's requests, errors and latency.
     */
    public synchronized Map<String, SpanStats> services() {
        if (services == null) {
            Map<String, SpanStats> merged = new HashMap<>();
            endpoints.forEach((key, stats) -> {
                if (key.request())
                    merged.computeIfAbsent(key.service(), s -> new SpanStats()).add(stats);
            });
            services = merged;
        }
        return services;
    }

    public Map<Series, Double> points() {
        return points;
    }

    /** The labels a span key stands for. */
    public static SortedMap<String, String> labels(Endpoint key) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("service", key.service());
        labels.put("endpoint", key.endpoint());
        return labels;
    }
}
