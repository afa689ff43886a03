package io.outrider.topology.report;

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
 *       {@code long-url}, {@code long-sql}, {@code long-call}, {@code long-service} (1 s each).
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
        return tree.root().kind() == MessageKind.TRANSACTION || tree.root().kind() == MessageKind.EVENT;
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
        final Map<String, Integer> keysPerGroup = new LinkedHashMap<>();

        @Override
        public void add(MessageTree tree) {
            walk(tree, tree.root());
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

        @Override
        public Set<String> services() {
            Set<String> services = new LinkedHashSet<>();
            transactions.keySet().forEach(k -> services.add(k.domain()));
            events.keySet().forEach(k -> services.add(k.domain()));
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

    static long number(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
