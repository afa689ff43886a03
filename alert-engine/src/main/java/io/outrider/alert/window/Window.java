package io.outrider.alert.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One closed window: the span statistics per {@code {service, endpoint, city}} and the value of every metric series
 * in it (the last value of a gauge; the increase of a counter — names ending in {@code _total}, {@code _count},
 * {@code _sum}, {@code _bucket}; the sum of CAT business metrics, which are already increments).
 */
public final class Window {

    private final Duration size;
    private final Instant start;
    private final Map<Endpoint, SpanStats> endpoints;
    private final Map<Series, Double> points;
    /** The span statistics merged per group shape ({@link #groups}), computed once each. */
    private final Map<Shape, Map<SortedMap<String, String>, SpanStats>> groups = new HashMap<>();

    private record Shape(boolean byEndpoint, boolean byCity) {}

    /**
     * A span key: the service (CAT domain), the endpoint (root transaction, {@code type:name}) and the city the request
     * was for ({@code city=} in the root's data; null when it names none).
     */
    public record Endpoint(
            String service, String endpoint, @Nullable String city) {
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

    /**
     * The span statistics per group of labels: {@code service} always, {@code endpoint} and {@code city} when asked
     * (computed once per shape). Per service, only its request endpoints count: background work a service does on
     * its own (a dispatch batch, a scheduled task) is an endpoint of its own but not part of the service's requests,
     * errors and latency. Per city, requests that named no city are left out.
     */
    public synchronized Map<SortedMap<String, String>, SpanStats> groups(boolean byEndpoint, boolean byCity) {
        return groups.computeIfAbsent(new Shape(byEndpoint, byCity), shape -> {
            Map<SortedMap<String, String>, List<SpanStats>> parts = new HashMap<>();
            endpoints.forEach((key, stats) -> {
                if (!byEndpoint && !key.request()) return;
                String city = key.city();
                if (byCity && city == null) return;
                TreeMap<String, String> labels = new TreeMap<>();
                labels.put("service", key.service());
                if (byEndpoint) labels.put("endpoint", key.endpoint());
                if (byCity) labels.put("city", city);
                parts.computeIfAbsent(labels, l -> new ArrayList<>()).add(stats);
            });
            Map<SortedMap<String, String>, SpanStats> merged = new HashMap<>();
            parts.forEach(
                    (labels, list) -> merged.put(labels, list.size() == 1 ? list.getFirst() : SpanStats.of(list)));
            return merged;
        });
    }

    public Map<Series, Double> points() {
        return points;
    }
}
