package io.outrider.server;

import io.outrider.dedup.rca.Change;
import io.outrider.dedup.rca.SeriesSource;
import io.outrider.dedup.rca.ServiceSeries;
import io.outrider.topology.report.ReportRollup;
import io.outrider.topology.report.ReportStore;
import io.outrider.topology.rollup.LatencyStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The live series of root-cause localization, read from the topology's minute reports: per service and closed
 * minute, what it served ({@code calls}), how it served it ({@code error_rate}, {@code lat_99} in ms) overall and
 * for its busiest endpoints ({@code calls URL:/orders}, {@code lat_99 URL:/orders}), and how its instances were ({@code instances} sending
 * heartbeats, mean {@code load}, {@code threads}, {@code gc_ms} spent in GC per minute); and the changes the
 * services reported.
 */
public final class ReportSeries implements SeriesSource {

    /** Transactions that are a service's own work (not the calls it makes). */
    static final Set<String> ENTRY_TYPES = Set.of("URL", "Service", "PigeonService", "MQConsumer");
    /** Endpoints with series of their own, the busiest first. */
    static final int ENDPOINTS = 8;
    /** A minute is read once its rollup has been written: its end plus the rollup's flush and a margin. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    /** The CAT event type of changes. */
    static final String CHANGE_EVENT = "Change";

    private final ReportStore reports;
    private final List<String> kpiServices;

    /**
     * @param kpiServices the services whose CAT business metrics ({@code Cat.logMetricForCount}, ...) are the KPIs
     */
    public ReportSeries(ReportStore reports, List<String> kpiServices) {
        this.reports = reports;
        this.kpiServices = List.copyOf(kpiServices);
    }

    /**
     * The KPIs: per business metric of the KPI services and closed minute, how often it was logged (orders
     * created, dispatched, delivered) and, for sums and durations, its mean value (delivery minutes). A minute
     * without reports counts nothing.
     */
    @Override
    public List<ServiceSeries> kpis(Instant from, Instant to) throws IOException {
        long first = minute(from.toEpochMilli());
        long end = minute(to.minus(SETTLE).toEpochMilli());
        List<ServiceSeries> series = new ArrayList<>();
        if (end <= first) return series;
        for (String service : kpiServices)
            series.addAll(kpis(
                    service,
                    reports.minutes(service, Instant.ofEpochMilli(first), Instant.ofEpochMilli(end)),
                    first,
                    end));
        return series;
    }

    /** One service's business metrics over the minutes {@code [first, end)} as KPI series. */
    static List<ServiceSeries> kpis(String service, SortedMap<Long, ReportRollup.Rows> minutes, long first, long end) {
        int n = (int) ((end - first) / 60_000);
        long[] times = new long[n];
        for (int i = 0; i < n; i++) times[i] = first + i * 60_000L;
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ReportRollup.Rows rows = minutes.get(times[i]);
            if (rows == null) continue;
            int at = i;
            rows.business().forEach((key, row) -> {
                values.computeIfAbsent(key.name(), k -> new double[n])[at] = row[0];
                if (row[0] > 0 && (row[1] != row[0] || row[2] > 0))
                    values.computeIfAbsent(key.name() + " mean", k -> nans(n))[at] =
                            row[2] > 0 ? row[2] / row[0] : row[1] / row[0];
            });
        }
        List<ServiceSeries> series = new ArrayList<>();
        values.forEach((metric, v) -> series.add(new ServiceSeries(service, metric, times, v)));
        return series;
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    @Override
    public List<ServiceSeries> series(Set<String> services, Instant from, Instant to) throws IOException {
        return read(services, from, to).series();
    }

    /**
     * The services' changes: CAT events of type {@value #CHANGE_EVENT} (the logistics core logs its rule and switch
     * changes and injected faults so; deployments can be logged the same way), at the minute they were reported in.
     */
    @Override
    public List<Change> changes(Set<String> services, Instant from, Instant to) throws IOException {
        return read(services, from, to).changes();
    }

    /**
     * One read of each service's minutes for both: series from the closed minutes (the minute still filling is left
     * out, so it does not look like a drop), changes from every minute.
     */
    @Override
    public Readings read(Set<String> services, Instant from, Instant to) throws IOException {
        long first = minute(from.toEpochMilli());
        long end = minute(to.minus(SETTLE).toEpochMilli());
        List<ServiceSeries> series = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (String service : services.stream().sorted().toList()) {
            SortedMap<Long, ReportRollup.Rows> minutes = reports.minutes(service, Instant.ofEpochMilli(first), to);
            if (end > first) series.addAll(of(service, minutes.headMap(end), first, end));
            minutes.forEach((minute, rows) -> rows.events().forEach((key, counts) -> {
                if (key.type().equals(CHANGE_EVENT)) changes.add(new Change(service, minute, key.name()));
            }));
        }
        return new Readings(series, changes);
    }

    /** One service's series over the minutes {@code [first, end)}; a minute without reports served nothing. */
    static List<ServiceSeries> of(String service, SortedMap<Long, ReportRollup.Rows> minutes, long first, long end) {
        if (minutes.isEmpty()) return List.of();
        int n = (int) ((end - first) / 60_000);
        long[] times = new long[n];
        for (int i = 0; i < n; i++) times[i] = first + i * 60_000L;
        // the service's busiest endpoints over the window
        Map<String, Long> endpointCalls = new HashMap<>();
        minutes.values()
                .forEach(rows -> rows.transactions().forEach((key, stats) -> {
                    if (ENTRY_TYPES.contains(key.type())) endpointCalls.merge(endpoint(key), stats.calls(), Long::sum);
                }));
        List<String> endpoints = endpointCalls.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(ENDPOINTS)
                .map(Map.Entry::getKey)
                .toList();

        Map<String, double[]> values = new LinkedHashMap<>();
        long firstSeen = minutes.firstKey();
        Map<String, Double> lastGc = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ReportRollup.Rows rows = minutes.get(times[i]);
            boolean known = times[i] >= firstSeen;
            LatencyStats all = new LatencyStats();
            Map<String, LatencyStats> byEndpoint = new HashMap<>();
            if (rows != null)
                rows.transactions().forEach((key, stats) -> {
                    if (!ENTRY_TYPES.contains(key.type())) return;
                    all.merge(stats);
                    if (endpoints.contains(endpoint(key)))
                        byEndpoint
                                .computeIfAbsent(endpoint(key), k -> new LatencyStats())
                                .merge(stats);
                });
            put(values, "calls", n, i, known ? all.calls() : Double.NaN);
            put(values, "error_rate", n, i, rate(all));
            put(values, "lat_99", n, i, p99(all));
            for (String endpoint : endpoints) {
                LatencyStats stats = byEndpoint.getOrDefault(endpoint, new LatencyStats());
                // per endpoint too: a URL endpoint's calls are the requests from outside (where a surge enters)
                put(values, "calls " + endpoint, n, i, known ? stats.calls() : Double.NaN);
                put(values, "error_rate " + endpoint, n, i, rate(stats));
                put(values, "lat_99 " + endpoint, n, i, p99(stats));
            }
            heartbeats(values, rows, known, lastGc, n, i);
        }
        List<ServiceSeries> series = new ArrayList<>();
        values.forEach((metric, v) -> series.add(new ServiceSeries(service, metric, times, v)));
        series.sort(Comparator.comparing(ServiceSeries::metric));
        return series;
    }

    /** Instances heard from, their mean load and threads, and the GC time spent in the minute (summed). */
    private static void heartbeats(
            Map<String, double[]> values,
            ReportRollup.@org.jspecify.annotations.Nullable Rows rows,
            boolean known,
            Map<String, Double> lastGc,
            int n,
            int i) {
        Set<String> instances = new java.util.HashSet<>();
        double load = 0;
        int loads = 0;
        double threads = 0;
        int threadCounts = 0;
        double gc = 0;
        boolean gcKnown = false;
        if (rows != null)
            for (var e : rows.heartbeats().entrySet()) {
                String ip = e.getKey().type();
                String name = e.getKey().name();
                double value = e.getValue()[0];
                instances.add(ip);
                if (name.equals("system_load_average")) {
                    load += value;
                    loads++;
                } else if (name.equals("jvm_threads")) {
                    threads += value;
                    threadCounts++;
                } else if (name.startsWith("jvm_gc_time_ms")) {
                    // a counter: what it grew by since the instance's last minute (a restart starts it again)
                    Double before = lastGc.put(ip + " " + name, value);
                    if (before != null) {
                        gc += value >= before ? value - before : value;
                        gcKnown = true;
                    }
                }
            }
        put(values, "instances", n, i, known ? instances.size() : Double.NaN);
        put(values, "load", n, i, loads == 0 ? Double.NaN : load / loads);
        put(values, "threads", n, i, threadCounts == 0 ? Double.NaN : threads / threadCounts);
        put(values, "gc_ms", n, i, gcKnown ? gc : Double.NaN);
    }

    private static void put(Map<String, double[]> values, String metric, int n, int i, double value) {
        values.computeIfAbsent(metric, k -> {
            double[] v = new double[n];
            java.util.Arrays.fill(v, Double.NaN);
            return v;
        })[i] = value;
    }

    private static String endpoint(ReportRollup.Key key) {
        return key.type() + ":" + key.name();
    }

    private static double rate(LatencyStats stats) {
        return stats.calls() == 0 ? Double.NaN : (double) stats.failures() / stats.calls();
    }

    private static double p99(LatencyStats stats) {
        return stats.calls() == 0 ? Double.NaN : stats.percentileMicros(99) / 1000.0;
    }

    private static long minute(long millis) {
        return Math.floorDiv(millis, 60_000L) * 60_000L;
    }
}
