package io.outrider.alert.window;

import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Folds span trees and metric points into aligned windows of each size given (10 s and 1 min), and hands out each
 * window once the clock has passed its end by {@code lateness} — also when nothing arrived in it, so that absence
 * can be seen. Data for a window already handed out, or more than a minute ahead of the clock, is counted and
 * dropped. A tree counts once, by its root transaction: one request of its service's endpoint
 * {@code type:name}, failed unless its status is {@code 0}, for the city its data names ({@code city=beijing}, as CAT
 * writes data and as OTLP attributes become data; none when it names none). Past
 * {@value #MAX_ENDPOINTS_PER_SERVICE} endpoints of one service in one window (names with ids in them), the others
 * count as {@code type:_other}; past {@value #MAX_CITIES_PER_SERVICE} cities, as city {@code _other}. Thread-safe:
 * the consumer adds, the ticker closes.
 */
public final class WindowAggregator {

    private final List<Track> tracks = new ArrayList<>();
    private final Duration lateness;
    private final int maxSeries;
    private final Clock clock;
    /** The last value of every cumulative series, for its increase. */
    private final Map<Series, Double> lastCumulative = new HashMap<>();

    private final AtomicLong trees = new AtomicLong();
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** The open windows of one size, and the start of the next one to hand out. */
    private static final class Track {
        final Duration size;
        final TreeMap<Long, Open> windows = new TreeMap<>();
        long nextToClose;

        Track(Duration size, long nextToClose) {
            this.size = size;
            this.nextToClose = nextToClose;
        }
    }

    /** Endpoints one service may have in one window; more are folded into {@code type:_other}. */
    public static final int MAX_ENDPOINTS_PER_SERVICE = 200;

    /** Cities one service may have in one window; more are folded into {@code _other}. */
    public static final int MAX_CITIES_PER_SERVICE = 50;

    private static final class Open {
        final Map<Window.Endpoint, SpanStats> endpoints = new HashMap<>();
        /** Per service, the endpoint names and the cities seen: what the caps count. */
        final Map<String, Set<String>> endpointNames = new HashMap<>();

        final Map<String, Set<String>> cities = new HashMap<>();
        final Map<Series, Double> points = new HashMap<>();
    }

    /**
     * @param maxSeries series (span keys plus metric series) one window may hold; more are dropped and counted
     */
    public WindowAggregator(List<Duration> sizes, Duration lateness, int maxSeries, Clock clock) {
        this.lateness = lateness;
        this.maxSeries = maxSeries;
        this.clock = clock;
        long now = clock.millis();
        for (Duration size : sizes) tracks.add(new Track(size, align(now, size)));
    }

    public synchronized void add(MessageTree tree) {
        trees.incrementAndGet();
        Message root = tree.root();
        if (root.kind() != MessageKind.TRANSACTION) return;
        String service = tree.domain();
        String endpoint = root.type() + ":" + root.name();
        String city = city(root.data());
        boolean error = !root.isSuccess();
        for (Track track : tracks) {
            Open window = windowAt(track, root.timestampMillis());
            if (window == null) continue;
            // names with ids in them, or a city per user, would make keys without end: the rest go together
            String at =
                    capped(window.endpointNames, service, endpoint, MAX_ENDPOINTS_PER_SERVICE, root.type() + ":_other");
            String in = city == null ? null : capped(window.cities, service, city, MAX_CITIES_PER_SERVICE, "_other");
            Window.Endpoint key = new Window.Endpoint(service, at, in);
            SpanStats stats = window.endpoints.get(key);
            if (stats == null) {
                if (full(window)) continue;
                stats = new SpanStats();
                window.endpoints.put(key, stats);
            }
            stats.record(root.durationMicros(), error);
        }
    }

    /** {@code value}, or {@code other} once {@code service} has {@code max} values already in this window. */
    private static String capped(Map<String, Set<String>> seen, String service, String value, int max, String other) {
        Set<String> values = seen.computeIfAbsent(service, s -> new HashSet<>());
        if (values.contains(value)) return value;
        if (values.size() >= max) return other;
        values.add(value);
        return value;
    }

    /**
     * The city a root transaction's data names: {@code city=VALUE} among its {@code &}-separated pairs, VALUE made of
     * letters, digits, {@code _ . -} (at most 64); null otherwise.
     */
    static @Nullable String city(String data) {
        int at = data.startsWith("city=") ? 0 : data.indexOf("&city=");
        if (at < 0) return null;
        int from = at == 0 ? 5 : at + 6;
        int end = data.indexOf('&', from);
        String value = data.substring(from, end < 0 ? data.length() : end);
        return CITY.matcher(value).matches() ? value : null;
    }

    private static final java.util.regex.Pattern CITY = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public synchronized void add(MetricPoint point) {
        points.incrementAndGet();
        TreeMap<String, String> labels = new TreeMap<>(point.labels());
        // CAT names its services "domain": alert on them as services
        if (!labels.containsKey("service") && labels.containsKey("domain")) labels.put("service", labels.get("domain"));
        Series series = new Series(point.name(), labels);
        double value = point.value();
        Kind kind = kind(point.name());
        double delta = 0;
        if (kind == Kind.CUMULATIVE) {
            Double last = lastCumulative.put(series, value);
            delta = last == null ? 0 : value >= last ? value - last : value; // a drop is a restart
        }
        for (Track track : tracks) {
            Open window = windowAt(track, point.timestampMillis());
            if (window == null) continue;
            if (!window.points.containsKey(series) && full(window)) continue;
            switch (kind) {
                case GAUGE -> window.points.put(series, value);
                case CUMULATIVE -> window.points.merge(series, delta, Double::sum);
                case INCREMENT -> window.points.merge(series, value, Double::sum);
            }
        }
    }

    /**
     * Forgets {@code services}, whose spans and points now go to another instance: what the open windows hold of them
     * (the new owner counts what follows; a part would look like a drop), and the last values of their counters (were
     * they to come back, the first new value is a start, not an increase over the whole time away).
     */
    public synchronized void forget(Set<String> services) {
        for (Track track : tracks)
            for (Open window : track.windows.values()) {
                window.endpoints.keySet().removeIf(e -> services.contains(e.service()));
                window.endpointNames.keySet().removeIf(services::contains);
                window.cities.keySet().removeIf(services::contains);
                window.points
                        .keySet()
                        .removeIf(series -> services.contains(series.labels().get("service")));
            }
        lastCumulative
                .keySet()
                .removeIf(series -> services.contains(series.labels().get("service")));
    }

    /** Every window that has ended {@code lateness} ago and was not handed out yet, oldest first, by size. */
    public synchronized List<Window> close() {
        long now = clock.millis();
        List<Window> closed = new ArrayList<>();
        for (Track track : tracks) {
            long step = track.size.toMillis();
            long next = track.nextToClose;
            // after a long pause, skip ahead: an hour of empty windows says nothing more than the last ones
            long oldest = align(now - lateness.toMillis(), track.size) - 360 * step;
            if (next < oldest) next = oldest;
            track.windows.headMap(next).clear();
            while (next + step + lateness.toMillis() <= now) {
                Open window = track.windows.remove(next);
                closed.add(
                        window == null
                                ? new Window(track.size, Instant.ofEpochMilli(next), Map.of(), Map.of())
                                : new Window(track.size, Instant.ofEpochMilli(next), window.endpoints, window.points));
                next += step;
            }
            track.nextToClose = next;
        }
        return closed;
    }

    /** Trees taken in. */
    public long trees() {
        return trees.get();
    }

    /** Metric points taken in. */
    public long points() {
        return points.get();
    }

    /** Data that came for a window already closed. */
    public long late() {
        return late.get();
    }

    /** Data refused: too far ahead of the clock, or over the series limit of its window. */
    public long dropped() {
        return dropped.get();
    }

    private @Nullable Open windowAt(Track track, long timestampMillis) {
        long start = align(timestampMillis, track.size);
        if (start < track.nextToClose) {
            late.incrementAndGet();
            return null;
        }
        if (timestampMillis > clock.millis() + 60_000) {
            dropped.incrementAndGet();
            return null;
        }
        return track.windows.computeIfAbsent(start, s -> new Open());
    }

    private boolean full(Open window) {
        if (window.endpoints.size() + window.points.size() < maxSeries) return false;
        dropped.incrementAndGet();
        return true;
    }

    private static long align(long millis, Duration size) {
        return Math.floorDiv(millis, size.toMillis()) * size.toMillis();
    }

    enum Kind {
        GAUGE,
        CUMULATIVE,
        INCREMENT
    }

    static Kind kind(String name) {
        if (name.startsWith("cat_metric_")) return Kind.INCREMENT;
        if (name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket"))
            return Kind.CUMULATIVE;
        return Kind.GAUGE;
    }
}
