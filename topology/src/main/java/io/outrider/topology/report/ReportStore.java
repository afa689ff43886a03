package io.outrider.topology.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.outrider.topology.rollup.RollupDocuments;
import java.io.IOException;
import java.time.Instant;

/** A service's reports over any window, merged from the stored minutes (histograms merged, never averaged). */
public final class ReportStore {

    private final ElasticsearchClient elasticsearch;

    public ReportStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** The merged rows of {@code domain}'s minutes starting in {@code [from, to)}. */
    public Report report(String domain, Instant from, Instant to) throws IOException {
        ReportRollup.Rows rows = new ReportRollup.Rows();
        RollupDocuments.entries(elasticsearch, ReportRollup.INDEX_PREFIX, from, to, domain, entry -> {
            if (domain.equals(String.valueOf(entry.get("domain")))) rows.merge(entry);
        });
        return new Report(domain, from, to, rows);
    }

    /**
     * {@code domain}'s rows minute by minute over {@code [from, to)} (the partitions of a minute merged), oldest
     * first: the stuff of time series. Minutes without data are absent.
     */
    public java.util.SortedMap<Long, ReportRollup.Rows> minutes(String domain, Instant from, Instant to)
            throws IOException {
        java.util.SortedMap<Long, ReportRollup.Rows> minutes = new java.util.TreeMap<>();
        RollupDocuments.entries(elasticsearch, ReportRollup.INDEX_PREFIX, from, to, domain, (minute, entry) -> {
            if (domain.equals(String.valueOf(entry.get("domain"))))
                minutes.computeIfAbsent(minute, m -> new ReportRollup.Rows()).merge(entry);
        });
        return minutes;
    }

    /**
     * The instances of {@code domain} that sent heartbeats in {@code [from, to)}: per ip, when it was last heard
     * from and each series' per-minute values (for charts), oldest first.
     */
    public java.util.SortedMap<String, Instance> instances(String domain, Instant from, Instant to) throws IOException {
        java.util.SortedMap<String, Instance> instances = new java.util.TreeMap<>();
        RollupDocuments.entries(elasticsearch, ReportRollup.INDEX_PREFIX, from, to, domain, entry -> {
            if (!"heartbeat".equals(entry.get("report")) || !domain.equals(String.valueOf(entry.get("domain")))) return;
            Instance instance = instances.computeIfAbsent(String.valueOf(entry.get("type")), ip -> new Instance());
            long ts = (long) ReportRollup.decimal(entry.get("ts"));
            instance.lastSeenMillis = Math.max(instance.lastSeenMillis, ts);
            instance.series
                    .computeIfAbsent(String.valueOf(entry.get("name")), n -> new java.util.ArrayList<>())
                    .add(new double[] {ts, ReportRollup.decimal(entry.get("value"))});
        });
        return instances;
    }

    /** One instance's heartbeats over a window. */
    public static final class Instance {
        long lastSeenMillis;
        final java.util.SortedMap<String, java.util.List<double[]>> series = new java.util.TreeMap<>();

        /** An instance last heard from at {@code millis}, with no series (tests, tools). */
        public static Instance lastHeardAt(long millis) {
            Instance instance = new Instance();
            instance.lastSeenMillis = millis;
            return instance;
        }

        public long lastSeenMillis() {
            return lastSeenMillis;
        }

        /** Per series: {epoch ms, value} per minute, oldest first. */
        public java.util.SortedMap<String, java.util.List<double[]>> series() {
            return series;
        }

        /** The latest value of a series, or NaN. */
        public double latest(String name) {
            java.util.List<double[]> values = series.get(name);
            return values == null || values.isEmpty() ? Double.NaN : values.getLast()[1];
        }
    }

    /** What {@link #report} found. */
    public record Report(String domain, Instant from, Instant to, ReportRollup.Rows rows) {}
}
