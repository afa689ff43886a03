package io.outrider.topology.report;

import io.outrider.collector.cat.normalize.TreeMetrics;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.topology.rollup.LatencyStats;
import io.outrider.topology.rollup.Rollup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CAT's reports as a rollup, per minute and service:
 *
 * <ul>
 *   <li><b>transaction</b> — per type and name: count, failures, min/max/sum and the latency histogram;
 *   <li><b>event</b> — per type and name: count and failures;
 *   <li><b>problem</b> — per kind and name, with one message id to look at: {@code error} (a failed {@code Error},
 *       {@code RuntimeException} or {@code Exception} event, as {@code Cat.logError} writes), {@code failure} (a
 *       failed transaction, named {@code type:name}), and CAT's long-running kinds at its default thresholds:
 *       {@code long-url}, {@code long-sql}, {@code long-call}, {@code long-service} (1 s each);
 *   <li><b>heartbeat</b> — per instance (ip) and series (heap, threads, load, GC, every status extension): the latest
 *       value of the minute, from CAT heartbeats;
 *   <li><b>business</b> — per business metric ({@code Cat.logMetricFor*}): count, sum and duration, summed.
 * </ul>
 *
 * Past {@value #MAX_KEYS} distinct names of one service, report and type in a minute, the rest count under
 * {@code _other}, so a service inventing names cannot blow the documents up.
 */
public final class ReportRollup implements Rollup {

    public static final String INDEX_PREFIX = "outrider-reports-";
    public static final String GROUP = "outrider-reports";
    static final int MAX_KEYS = 2000;
    static final String OTHER = "_other";
    static final long LONG_MICROS = 1_000_000;

    /** What a report row is about. */
    public record Key(String report, String domain, String type, String name) {}

    @Override
    public String name() {
        return "reports";
    }

    @Override
    public String indexPrefix() {
        return INDEX_PREFIX;
    }

    @Override
    public boolean concerns(MessageTree tree) {
        return tree.root().kind() != MessageKind.TRACE;
    }

    @Override
    public Minute empty() {
        return new Rows();
    }

    @Override
    public Minute read(List<?> entries) {
        Rows rows = new Rows();
        for (Object e : entries) if (e instanceof Map<?, ?> entry) rows.merge(entry);
        return rows;
    }

    /** One minute's rows (or a window's, merged). */
    public static final class Rows implements Minute {
        final Map<Key, LatencyStats> transactions = new LinkedHashMap<>();
        final Map<Key, long[]> events = new LinkedHashMap<>();
        final Map<Key, Problem> problems = new LinkedHashMap<>();
        /** Per instance (type = ip) and series: {value, epoch ms} of the latest heartbeat. */
        final Map<Key, double[]> heartbeats = new LinkedHashMap<>();
        /** Per business metric: {count, sum, duration ms}. */
        final Map<Key, double[]> business = new LinkedHashMap<>();

        private boolean hasPoints;
        final Map<String, Integer> keysPerGroup = new LinkedHashMap<>();

        @Override
        public void add(MessageTree tree) {
            hasPoints = false;
            walk(tree, tree.root());
            if (hasPoints) for (MetricPoint point : TreeMetrics.points(tree, problem -> {})) point(tree, point);
        }

        /** Heartbeat figures (latest per instance and series) and business metrics (summed). */
        private void point(MessageTree tree, MetricPoint point) {
            switch (point.name()) {
                case "cat_metric_count", "cat_metric_sum", "cat_metric_duration_ms" -> {
                    String metric = point.labels().getOrDefault("metric", "");
                    double[] row = business.computeIfAbsent(
                            key("business", tree.domain(), "metric", metric, business), k -> new double[3]);
                    int slot = point.name().equals("cat_metric_count")
                            ? 0
                            : point.name().equals("cat_metric_sum") ? 1 : 2;
                    row[slot] += point.value();
                }
                default -> {
                    String ip = point.labels().getOrDefault("ip", tree.ipAddress());
                    double[] latest = heartbeats.computeIfAbsent(
                            key("heartbeat", tree.domain(), ip, series(point), heartbeats), k -> new double[] {0, -1});
                    if (point.timestampMillis() >= latest[1]) {
                        latest[0] = point.value();
                        latest[1] = point.timestampMillis();
                    }
                }
            }
        }

        private void walk(MessageTree tree, Message message) {
            String domain = tree.domain();
            switch (message.kind()) {
                case TRANSACTION -> {
                    transactions
                            .computeIfAbsent(
                                    key("transaction", domain, message.type(), message.name(), transactions),
                                    k -> new LatencyStats())
                            .record(message.durationMicros(), !message.isSuccess());
                    if (!message.isSuccess()) problem(tree, "failure", message.type() + ":" + message.name());
                    String longKind = longKind(message.type());
                    if (longKind != null && message.durationMicros() >= LONG_MICROS)
                        problem(tree, longKind, message.type() + ":" + message.name());
                }
                case EVENT -> {
                    long[] counts = events.computeIfAbsent(
                            key("event", domain, message.type(), message.name(), events), k -> new long[2]);
                    counts[0]++;
                    if (!message.isSuccess()) {
                        counts[1]++;
                        if (message.type().equals("Error")
                                || message.type().equals("RuntimeException")
                                || message.type().equals("Exception")) problem(tree, "error", message.name());
                    }
                }
                case HEARTBEAT, METRIC -> hasPoints = true;
                default -> {}
            }
            for (Message child : message.children()) walk(tree, child);
        }

        private void problem(MessageTree tree, String kind, String name) {
            problems.computeIfAbsent(
                            key("problem", tree.domain(), kind, name, problems), k -> new Problem(tree.messageId()))
                    .count++;
        }

        /** The row's key; {@code _other} once a (report, domain, type) group has {@value #MAX_KEYS} names. */
        private Key key(String report, String domain, String type, String name, Map<Key, ?> rows) {
            Key key = new Key(report, domain, type, name);
            if (rows.containsKey(key)) return key;
            String group = report + "\u0000" + domain + "\u0000" + type;
            int n = keysPerGroup.merge(group, 1, Integer::sum);
            return n > MAX_KEYS ? new Key(report, domain, type, OTHER) : key;
        }

        void merge(Map<?, ?> entry) {
            Key key = new Key(
                    String.valueOf(entry.get("report")),
                    String.valueOf(entry.get("domain")),
                    String.valueOf(entry.get("type")),
                    String.valueOf(entry.get("name")));
            switch (key.report()) {
                case "transaction" ->
                    transactions.computeIfAbsent(key, k -> new LatencyStats()).merge(LatencyStats.fromDocument(entry));
                case "event" -> {
                    long[] counts = events.computeIfAbsent(key, k -> new long[2]);
                    counts[0] += number(entry.get("count"));
                    counts[1] += number(entry.get("failures"));
                }
                case "problem" ->
                    problems.computeIfAbsent(key, k -> new Problem(String.valueOf(entry.get("sample")))).count +=
                            number(entry.get("count"));
                case "heartbeat" -> {
                    double[] latest = heartbeats.computeIfAbsent(key, k -> new double[] {0, -1});
                    double ts = decimal(entry.get("ts"));
                    if (ts >= latest[1]) {
                        latest[0] = decimal(entry.get("value"));
                        latest[1] = ts;
                    }
                }
                case "business" -> {
                    double[] row = business.computeIfAbsent(key, k -> new double[3]);
                    row[0] += decimal(entry.get("count"));
                    row[1] += decimal(entry.get("sum"));
                    row[2] += decimal(entry.get("durationMs"));
                }
                default -> throw new IllegalArgumentException("unknown report entry: " + key.report());
            }
            keysPerGroup.merge(key.report() + "\u0000" + key.domain() + "\u0000" + key.type(), 1, Integer::sum);
        }

        @Override
        public List<Map<String, Object>> entries() {
            List<Map<String, Object>> out = new ArrayList<>();
            transactions.forEach((key, stats) -> {
                Map<String, Object> e = entry(key);
                e.putAll(stats.toDocument());
                out.add(e);
            });
            events.forEach((key, counts) -> {
                Map<String, Object> e = entry(key);
                e.put("count", counts[0]);
                e.put("failures", counts[1]);
                out.add(e);
            });
            problems.forEach((key, problem) -> {
                Map<String, Object> e = entry(key);
                e.put("count", problem.count);
                e.put("sample", problem.sample);
                out.add(e);
            });
            heartbeats.forEach((key, latest) -> {
                Map<String, Object> e = entry(key);
                e.put("value", latest[0]);
                e.put("ts", (long) latest[1]);
                out.add(e);
            });
            business.forEach((key, row) -> {
                Map<String, Object> e = entry(key);
                e.put("count", row[0]);
                e.put("sum", row[1]);
                e.put("durationMs", row[2]);
                out.add(e);
            });
            return out;
        }

        public Map<Key, LatencyStats> transactions() {
            return java.util.Collections.unmodifiableMap(transactions);
        }

        /** Per event key: {count, failures}. */
        public Map<Key, long[]> events() {
            return java.util.Collections.unmodifiableMap(events);
        }

        public Map<Key, Problem> problems() {
            return java.util.Collections.unmodifiableMap(problems);
        }

        /** Per instance (key type = ip) and series: {latest value, its epoch ms}. */
        public Map<Key, double[]> heartbeats() {
            return java.util.Collections.unmodifiableMap(heartbeats);
        }

        /** Per business metric: {count, sum, duration ms}. */
        public Map<Key, double[]> business() {
            return java.util.Collections.unmodifiableMap(business);
        }

        @Override
        public Set<String> services() {
            Set<String> services = new LinkedHashSet<>();
            transactions.keySet().forEach(k -> services.add(k.domain()));
            events.keySet().forEach(k -> services.add(k.domain()));
            heartbeats.keySet().forEach(k -> services.add(k.domain()));
            business.keySet().forEach(k -> services.add(k.domain()));
            return services;
        }
    }

    /** How often a problem happened, and one message id to open. */
    public static final class Problem {
        long count;
        final String sample;

        Problem(String sample) {
            this.sample = sample;
        }

        public long count() {
            return count;
        }

        public String sample() {
            return sample;
        }
    }

    private static Map<String, Object> entry(Key key) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("report", key.report());
        e.put("domain", key.domain());
        e.put("type", key.type());
        e.put("name", key.name());
        return e;
    }

    private static @org.jspecify.annotations.Nullable String longKind(String type) {
        return switch (type) {
            case "URL" -> "long-url";
            case "SQL" -> "long-sql";
            case "Call", "PigeonCall" -> "long-call";
            case "Service", "PigeonService" -> "long-service";
            default -> null;
        };
    }

    /** A heartbeat series' name: the point's name and its labels other than domain and ip. */
    static String series(MetricPoint point) {
        StringBuilder name = new StringBuilder(point.name());
        String sep = "{";
        for (var label : point.labels().entrySet()) {
            if (label.getKey().equals("domain") || label.getKey().equals("ip")) continue;
            name.append(sep).append(label.getKey()).append('=').append(label.getValue());
            sep = ",";
        }
        return sep.equals(",") ? name.append('}').toString() : name.toString();
    }

    static double decimal(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    static long number(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
