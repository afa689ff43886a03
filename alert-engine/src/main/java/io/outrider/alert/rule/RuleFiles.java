package io.outrider.alert.rule;

import io.outrider.alert.silence.InhibitRule;
import io.outrider.alert.silence.LabelMatcher;
import io.outrider.alert.silence.MaintenanceWindow;
import io.outrider.alert.slo.BurnRate;
import io.outrider.infra.yaml.YamlCursor;
import io.outrider.infra.yaml.YamlError;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads rule files. A file has up to three sections:
 *
 * <pre>
 * rules:
 *   - name: OrderServiceErrors          # unique, letters, digits, _ . : -
 *     type: threshold                   # threshold | change | burn_rate | anomaly | absence | composite
 *     query: { metric: error_ratio, by: [service], match: ['service=~".+"'], min_count: 20 }
 *     window: 1m                        # 10s | 1m
 *     op: "&gt;"                           # threshold: &gt; &gt;= &lt; &lt;= == !=
 *     value: 0.05
 *     for: 1m                           # how long it must hold before firing (default 0s)
 *     resolve_after: 2m                 # how long it must be gone before resolving (default 2m)
 *     labels: { symptom: errors, severity: critical }
 *     annotations: { summary: "{{service}} fails {{observed}} of its requests" }
 * inhibit_rules:
 *   - { source: ['symptom="heartbeat"'], target: ['symptom!="heartbeat"'], equal: [service] }
 * maintenance_windows:
 *   - { name: nightly, matchers: ['service="eta-service"'], days: [TUE], start: "02:00", duration: 2h,
 *       zone: Asia/Shanghai }
 * </pre>
 *
 * Every mistake is reported with its file, line and field; a file with any error contributes nothing.
 */
public final class RuleFiles {

    /** A file's rules, or what is wrong with it. */
    public record Parsed(RuleSet ruleSet, List<YamlError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> COMMON =
            Set.of("name", "type", "query", "window", "for", "resolve_after", "labels", "annotations");
    private static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
            "threshold", Set.of("op", "value", "single_out"),
            "change", Set.of("direction", "percent", "baseline", "min_baseline"),
            "burn_rate", Set.of("objective", "target", "latency_ms", "windows"),
            "anomaly", Set.of("sensitivity", "score", "min_deviation"),
            "absence", Set.of("intervals"),
            "composite", Set.of("all", "on"));
    private static final Set<String> QUERY_FIELDS =
            Set.of("metric", "ratio_to", "by", "match", "aggregate", "min_count");

    private RuleFiles() {}

    public static Parsed parse(String file, String text) {
        List<YamlError> errors = new ArrayList<>();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(4 * 1024 * 1024);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            return new Parsed(RuleSet.EMPTY, List.of(new YamlError(file, line, "", "not valid YAML: " + problem)));
        } catch (YAMLException e) {
            return new Parsed(RuleSet.EMPTY, List.of(new YamlError(file, 0, "", "not valid YAML: " + e.getMessage())));
        }
        if (root == null) return new Parsed(RuleSet.EMPTY, List.of());
        YamlCursor top = new YamlCursor(file, root, "", errors);
        if (!top.mapping(Set.of("rules", "inhibit_rules", "maintenance_windows")))
            return new Parsed(RuleSet.EMPTY, errors);
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlCursor item : top.list("rules")) {
            Rule rule = rule(item);
            if (rule == null) continue;
            if (!names.add(rule.name())) item.error("a rule named " + rule.name() + " is already in this file");
            rules.add(rule);
        }
        List<InhibitRule> inhibitions = new ArrayList<>();
        for (YamlCursor item : top.list("inhibit_rules")) {
            InhibitRule inhibition = inhibition(item);
            if (inhibition != null) inhibitions.add(inhibition);
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (YamlCursor item : top.list("maintenance_windows")) {
            MaintenanceWindow window = maintenanceWindow(item);
            if (window != null) windows.add(window);
        }
        if (!errors.isEmpty()) return new Parsed(RuleSet.EMPTY, errors);
        return new Parsed(new RuleSet(rules, inhibitions, windows), List.of());
    }

    /** A duration as rule files write them ({@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}), or null. */
    public static @Nullable Duration duration(String text) {
        return YamlCursor.parseDuration(text.strip());
    }

    /** Reads one rule given on its own (the API's format: the mapping of one item of {@code rules}). */
    public static Parsed parseRule(String origin, String text) {
        String indented = text.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
        Parsed parsed = parse(origin, "rules:\n  -\n" + indented + "\n");
        // two lines were added in front: report the lines of the text given
        List<YamlError> errors = parsed.errors().stream()
                .map(e -> new YamlError(
                        e.file(),
                        Math.max(e.line() - 2, e.line() == 0 ? 0 : 1),
                        e.field().replaceFirst("^rules\\[0\\]\\.?", ""),
                        e.message()))
                .toList();
        return new Parsed(parsed.ruleSet(), errors);
    }

    private static @Nullable Rule rule(YamlCursor item) {
        int before = item.errorCount();
        // the allowed fields depend on the type
        String peeked = item.peek("type");
        Set<String> typeFields = peeked != null ? TYPE_FIELDS.get(peeked) : null;
        Set<String> allowed = new HashSet<>(COMMON);
        if (typeFields != null) allowed.addAll(typeFields);
        else TYPE_FIELDS.values().forEach(allowed::addAll);
        if (!item.mapping(allowed)) return null;
        String type = item.string("type", true);
        if (type != null && typeFields == null) {
            YamlCursor t = item.field("type");
            if (t != null) t.error("unknown rule type; expected one of " + sortedTypes());
        }
        String name = item.string("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            YamlCursor f = item.field("name");
            if (f != null) f.error("must start with a letter and hold only letters, digits, _ . : - (at most 128)");
        }
        Duration window = item.duration("window", Duration.ofMinutes(1));
        if (!Rule.WINDOWS.contains(window)) {
            YamlCursor f = item.field("window");
            if (f != null) f.error("must be 10s or 1m");
        }
        Duration forDuration = nonNegative(item, "for", Duration.ZERO);
        Duration resolveAfter = nonNegative(item, "resolve_after", Duration.ofMinutes(2));
        Map<String, String> labels = item.stringMap("labels");
        checkLabels(item, labels);
        Map<String, String> annotations = item.stringMap("annotations");
        Query query = null;
        YamlCursor q = item.field("query");
        if ("composite".equals(type)) {
            if (q != null) q.error("a composite rule has no query: it combines the rules named in all");
        } else if (q == null) {
            if (type != null && typeFields != null) new YamlCursor(item, "query").error("required");
        } else {
            query = query(q, "burn_rate".equals(type));
        }
        Rule.Condition condition = typeFields == null || type == null ? null : condition(type, item, query);
        if (item.errorCount() > before || name == null || condition == null) return null;
        return new Rule(name, query, window, forDuration, resolveAfter, labels, annotations, condition, item.origin());
    }

    private static Rule.@Nullable Condition condition(String type, YamlCursor item, @Nullable Query query) {
        return switch (type) {
            case "threshold" -> {
                String op = item.string("op", true);
                double value = item.requiredNumber("value");
                Rule.Op parsed = op == null ? null : op(op);
                if (op != null && parsed == null) {
                    YamlCursor f = item.field("op");
                    if (f != null) f.error("must be one of > >= < <= == !=");
                }
                String singleOut = item.string("single_out", false);
                if (singleOut != null) checkSingleOut(item, singleOut, parsed, value, query);
                yield parsed == null ? null : new Rule.Threshold(parsed, value, singleOut);
            }
            case "change" -> {
                String direction = item.string("direction", true);
                if (direction != null && !direction.equals("drop") && !direction.equals("rise")) {
                    YamlCursor f = item.field("direction");
                    if (f != null) f.error("must be drop or rise");
                }
                double percent = positive(item, "percent", Double.NaN);
                if (!item.has("percent")) new YamlCursor(item, "percent").error("required");
                double baseline = positive(item, "baseline", 10);
                if (baseline != Math.rint(baseline) || baseline > 1440) {
                    YamlCursor f = item.field("baseline");
                    if (f != null) f.error("must be a whole number of windows, at most 1440");
                }
                double minBaseline = item.number("min_baseline", 0);
                yield new Rule.Change("drop".equals(direction), percent, (int) baseline, minBaseline);
            }
            case "burn_rate" -> burn(item, query);
            case "anomaly" -> {
                double sensitivity = positive(item, "sensitivity", 1.0);
                double score = item.number("score", 0.8);
                if (!(score > 0 && score < 1)) {
                    YamlCursor f = item.field("score");
                    if (f != null) f.error("must be between 0 and 1 (exclusive)");
                }
                double minDeviation = item.number("min_deviation", 0.2);
                if (minDeviation < 0) {
                    YamlCursor f = item.field("min_deviation");
                    if (f != null) f.error("must not be negative");
                }
                yield new Rule.Anomaly(sensitivity, score, minDeviation);
            }
            case "absence" -> {
                double intervals = positive(item, "intervals", 3);
                if (intervals != Math.rint(intervals) || intervals > 10_000) {
                    YamlCursor f = item.field("intervals");
                    if (f != null) f.error("must be a whole number of windows");
                }
                yield new Rule.Absence((int) intervals);
            }
            case "composite" -> {
                List<String> all = item.strings("all");
                if (all.size() < 2) {
                    YamlCursor f = item.field("all");
                    (f != null ? f : new YamlCursor(item, "all")).error("names at least two rules");
                }
                List<String> on = item.strings("on");
                checkLabelNames(item, "on", on);
                yield new Rule.Composite(all, on);
            }
            default -> null;
        };
    }

    /** {@code single_out} names {@code city}, on a span measure not already per city, with a one-sided line. */
    private static void checkSingleOut(
            YamlCursor item, String singleOut, Rule.@Nullable Op op, double value, @Nullable Query query) {
        YamlCursor f = item.field("single_out");
        if (f == null) return;
        if (!singleOut.equals("city")) f.error("can only be city (the city a request was for)");
        else if (query != null && !query.spanMeasure())
            f.error("works on the span measures (requests, error_ratio, latency_p99_ms, ...), not on "
                    + query.metric());
        else if (query != null && query.by().contains("city"))
            f.error("the query is per city already: leave city out of by, or leave out single_out");
        else if (op == Rule.Op.EQ || op == Rule.Op.NE)
            f.error("needs op > >= < or <=: one side of the line must be the well one");
        else if (!(value > 0)) f.error("needs a positive value: the other cities are well below half of it");
    }

    private static Rule.@Nullable Condition burn(YamlCursor item, @Nullable Query query) {
        String objective = item.string("objective", true);
        boolean latency = "latency".equals(objective);
        if (objective != null && !latency && !objective.equals("availability")) {
            YamlCursor f = item.field("objective");
            if (f != null) f.error("must be availability or latency");
        }
        double target = item.requiredNumber("target");
        if (item.has("target") && !(target > 0 && target < 1)) {
            YamlCursor f = item.field("target");
            if (f != null) f.error("must be between 0 and 1 (exclusive), e.g. 0.999");
        }
        double latencyMs = item.number("latency_ms", Double.NaN);
        if (latency && !(latencyMs > 0)) {
            YamlCursor f = item.field("latency_ms");
            (f != null ? f : new YamlCursor(item, "latency_ms")).error("a latency SLO needs a positive latency_ms");
        }
        if (query != null && !Query.SPAN_MEASURES.contains(query.metric())) {
            YamlCursor f = item.field("query");
            if (f != null) f.error("a burn-rate rule reads the span measures: leave out metric or use requests");
        }
        List<BurnRate.Condition> windows = new ArrayList<>();
        for (YamlCursor w : item.list("windows")) {
            if (!w.mapping(Set.of("long", "short", "factor", "severity"))) continue;
            Duration longWindow = w.duration("long", Duration.ZERO);
            Duration shortWindow = w.duration("short", Duration.ZERO);
            double factor = w.requiredNumber("factor");
            String severity = w.string("severity", false);
            if (!w.has("long") || !w.has("short")) w.error("needs long and short windows");
            else if (shortWindow.compareTo(longWindow) >= 0) w.error("short must be shorter than long");
            else if (longWindow.compareTo(Duration.ofDays(3)) > 0) w.error("long may be at most 3d");
            if (!(factor > 0)) w.error("factor must be positive");
            windows.add(new BurnRate.Condition(longWindow, shortWindow, factor, severity != null ? severity : ""));
        }
        if (!item.has("windows")) windows.addAll(BurnRate.DEFAULT);
        return new Rule.Burn(latency, target, latency ? latencyMs : 0, windows);
    }

    private static @Nullable Query query(YamlCursor q, boolean burnRate) {
        if (!q.mapping(QUERY_FIELDS)) return null;
        String metric = q.string("metric", !burnRate);
        if (metric == null) metric = burnRate ? "requests" : "";
        if (!metric.isEmpty() && !Pattern.matches("[a-zA-Z_:][a-zA-Z0-9_:.]*", metric)) {
            YamlCursor f = q.field("metric");
            if (f != null) f.error("not a metric name");
        }
        String ratioTo = q.string("ratio_to", false);
        List<String> by = q.strings("by");
        checkLabelNames(q, "by", by);
        boolean span = Query.SPAN_MEASURES.contains(metric);
        if (span
                && !by.isEmpty()
                && (!by.contains("service")
                        || !Set.of("service", "endpoint", "city").containsAll(by))) {
            YamlCursor f = q.field("by");
            if (f != null)
                f.error("span measures exist per [service], optionally with endpoint and city: [service, endpoint,"
                        + " city]");
        }
        if (span && ratioTo != null) {
            YamlCursor f = q.field("ratio_to");
            if (f != null) f.error("span measures are not divided; error_ratio is already a ratio");
        }
        List<LabelMatcher> match = new ArrayList<>();
        List<YamlCursor> items = q.list("match");
        for (YamlCursor item : items) {
            String text = item.self();
            if (text == null) continue;
            try {
                match.add(LabelMatcher.parse(text));
            } catch (IllegalArgumentException e) {
                item.error(String.valueOf(e.getMessage()));
            }
        }
        String aggregate = q.string("aggregate", false);
        Query.Aggregate parsed = null;
        if (aggregate != null) {
            try {
                parsed = Query.Aggregate.valueOf(aggregate.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                YamlCursor f = q.field("aggregate");
                if (f != null) f.error("must be sum, max, min or avg");
            }
        }
        if (parsed == null) parsed = span || metric.startsWith("latency") ? Query.Aggregate.MAX : Query.Aggregate.SUM;
        double minCount = q.number("min_count", 0);
        return new Query(metric, ratioTo, by.isEmpty() ? List.of("service") : by, match, parsed, minCount);
    }

    private static @Nullable InhibitRule inhibition(YamlCursor item) {
        if (!item.mapping(Set.of("source", "target", "equal"))) return null;
        List<LabelMatcher> source = matchers(item, "source");
        List<LabelMatcher> target = matchers(item, "target");
        List<String> equal = item.strings("equal");
        checkLabelNames(item, "equal", equal);
        if (source.isEmpty() || target.isEmpty()) {
            item.error("needs source and target matchers");
            return null;
        }
        return new InhibitRule(source, target, equal);
    }

    private static @Nullable MaintenanceWindow maintenanceWindow(YamlCursor item) {
        if (!item.mapping(Set.of("name", "matchers", "days", "start", "duration", "zone"))) return null;
        String name = item.string("name", true);
        List<LabelMatcher> matchers = matchers(item, "matchers");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> dayNames = item.strings("days");
        for (String day : dayNames) {
            DayOfWeek parsed = day(day);
            if (parsed == null) {
                YamlCursor f = item.field("days");
                if (f != null) f.error("not a day: " + day + " (MON, TUE, ... or MONDAY, ...)");
            } else days.add(parsed);
        }
        if (dayNames.isEmpty()) days.addAll(EnumSet.allOf(DayOfWeek.class));
        String start = item.string("start", true);
        LocalTime startTime = null;
        if (start != null) {
            try {
                startTime = LocalTime.parse(start);
            } catch (DateTimeException e) {
                YamlCursor f = item.field("start");
                if (f != null) f.error("must be a local time such as 02:00");
            }
        }
        Duration duration = item.duration("duration", Duration.ZERO);
        if (!item.has("duration")) new YamlCursor(item, "duration").error("required");
        String zone = item.string("zone", false);
        ZoneId zoneId = ZoneId.of("UTC");
        if (zone != null) {
            try {
                zoneId = ZoneId.of(zone);
            } catch (DateTimeException e) {
                YamlCursor f = item.field("zone");
                if (f != null) f.error("not a time zone (e.g. Asia/Shanghai)");
            }
        }
        if (name == null || startTime == null || duration.isZero()) return null;
        try {
            return new MaintenanceWindow(name, matchers, days, startTime, duration, zoneId);
        } catch (IllegalArgumentException e) {
            item.error(String.valueOf(e.getMessage()));
            return null;
        }
    }

    private static List<LabelMatcher> matchers(YamlCursor item, String field) {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (YamlCursor m : item.list(field)) {
            String text = m.self();
            if (text == null) continue;
            try {
                matchers.add(LabelMatcher.parse(text));
            } catch (IllegalArgumentException e) {
                m.error(String.valueOf(e.getMessage()));
            }
        }
        return matchers;
    }

    private static void checkLabels(YamlCursor item, Map<String, String> labels) {
        YamlCursor f = item.field("labels");
        YamlCursor where = f != null ? f : new YamlCursor(item, "labels");
        String symptom = labels.get("symptom");
        String severity = labels.get("severity");
        if (symptom == null || !Rule.SYMPTOMS.contains(symptom))
            where.error(
                    "needs symptom: one of " + Rule.SYMPTOMS.stream().sorted().toList());
        if (severity == null || !Rule.SEVERITIES.contains(severity))
            where.error("needs severity: one of "
                    + Rule.SEVERITIES.stream().sorted().toList());
        for (String name : labels.keySet())
            if (!LABEL.matcher(name).matches()) where.error("not a label name: " + name);
    }

    private static void checkLabelNames(YamlCursor item, String field, List<String> names) {
        for (String name : names)
            if (!LABEL.matcher(name).matches()) {
                YamlCursor f = item.field(field);
                if (f != null) f.error("not a label name: " + name);
            }
    }

    private static Duration nonNegative(YamlCursor item, String field, Duration fallback) {
        Duration value = item.duration(field, fallback);
        if (value.compareTo(Duration.ofDays(1)) > 0) {
            YamlCursor f = item.field(field);
            if (f != null) f.error("may be at most 1d");
        }
        return value;
    }

    private static double positive(YamlCursor item, String field, double fallback) {
        double value = item.number(field, fallback);
        if (item.has(field) && !(value > 0)) {
            YamlCursor f = item.field(field);
            if (f != null) f.error("must be positive");
        }
        return value;
    }

    private static Rule.@Nullable Op op(String text) {
        for (Rule.Op op : Rule.Op.values()) if (op.symbol.equals(text.strip())) return op;
        return null;
    }

    private static @Nullable DayOfWeek day(String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values())
            if (day.name().equals(upper) || day.name().startsWith(upper) && upper.length() == 3) return day;
        return null;
    }

    private static List<String> sortedTypes() {
        return TYPE_FIELDS.keySet().stream().sorted().toList();
    }
}
