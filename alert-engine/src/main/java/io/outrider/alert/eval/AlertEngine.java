package io.outrider.alert.eval;

import io.outrider.alert.lifecycle.AlertState;
import io.outrider.alert.rule.Rule;
import io.outrider.alert.rule.RuleSet;
import io.outrider.alert.silence.Muting;
import io.outrider.alert.silence.Silence;
import io.outrider.alert.window.Window;
import io.outrider.alert.window.WindowAggregator;
import io.outrider.core.alert.Alert;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.MessageTree;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The streaming alert engine. Telemetry goes in ({@link #add(MessageTree)}, {@link #add(MetricPoint)}); at each
 * {@link #tick()} (a Quartz job, every few seconds) the windows the clock has passed are closed, every rule of that
 * window size is evaluated on them, composites after the rules they combine, and each alert (rule × group) moves
 * through its {@link AlertState lifecycle}. Firing and resolved events go to the sink, unless a silence, a
 * maintenance window or an inhibition mutes the alert when it starts firing (it is published if the muting ends
 * while it still fires). Rules can be replaced at any time; the state of unchanged rules is kept.
 */
public final class AlertEngine {

    /**
     * @param consoleUrl where people look at a service, for the alerts' links
     * @param lateness how long after its end a window waits for late data
     * @param maxSeries series one window may hold
     */
    public record Settings(String consoleUrl, Duration lateness, int maxSeries) {
        public static final Settings DEFAULT = new Settings("http://127.0.0.1:8080", Duration.ofSeconds(5), 200_000);
    }

    /** An alert the engine tracks, for the API: its labels, phase, what was seen and why it is muted. */
    public record Tracked(
            String rule,
            SortedMap<String, String> labels,
            AlertState.Phase phase,
            @Nullable Instant firingSince,
            Observation last,
            @Nullable String mutedBy,
            boolean flapping,
            boolean published) {}

    /** What one tick did: windows closed, groups evaluated, events published. */
    public record TickReport(int windows, long evaluations, int events) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final Settings settings;
    private final Clock clock;
    private final Consumer<Alert> sink;
    private final Supplier<List<Silence>> silences;
    private final WindowAggregator aggregator;
    private RuleSet ruleSet = RuleSet.EMPTY;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private long evaluations;
    private long windowsClosed;
    private final Map<Duration, Window> lastClosed = new HashMap<>();

    /** A rule, its evaluator (none for a composite) and its alerts by group. */
    private static final class Running {
        final Rule rule;
        final @Nullable Evaluator evaluator;
        final Map<SortedMap<String, String>, Entry> alerts = new HashMap<>();

        Running(Rule rule) {
            this.rule = rule;
            this.evaluator = rule.condition() instanceof Rule.Composite ? null : Evaluator.of(rule);
        }
    }

    private static final class Entry {
        final SortedMap<String, String> labels;
        final AlertState state;
        Observation last;

        @Nullable
        Alert published;

        @Nullable
        String mutedBy;

        Entry(SortedMap<String, String> labels, AlertState state, Observation last) {
            this.labels = labels;
            this.state = state;
            this.last = last;
        }

        /** Pending or firing: its condition holds, or has not been gone long enough. */
        boolean active() {
            return state.phase() == AlertState.Phase.PENDING || state.phase() == AlertState.Phase.FIRING;
        }
    }

    public AlertEngine(Settings settings, Clock clock, Consumer<Alert> sink, Supplier<List<Silence>> silences) {
        this.settings = settings;
        this.clock = clock;
        this.sink = sink;
        this.silences = silences;
        this.aggregator = new WindowAggregator(
                List.copyOf(Rule.WINDOWS.stream().sorted().toList()), settings.lateness(), settings.maxSeries(), clock);
    }

    public void add(MessageTree tree) {
        aggregator.add(tree);
    }

    public void add(MetricPoint point) {
        aggregator.add(point);
    }

    public WindowAggregator aggregator() {
        return aggregator;
    }

    /**
     * Forgets {@code services}, whose spans and points now go to another instance (a rebalance gave their partitions
     * away): the rules' state for them and their alerts. Kept, their windows stay empty here, and absence and
     * traffic-drop rules fire on services that are well. A firing alert of theirs is resolved as handed over — no
     * instance evaluates it here any more; the new owner fires it again while its condition holds (the same
     * fingerprint, so it joins the same incident, which an alert's resolution never closes).
     */
    public synchronized void forget(Set<String> services) {
        if (services.isEmpty()) return;
        java.util.function.Predicate<SortedMap<String, String>> gone = group -> services.contains(group.get("service"));
        for (Running r : running.values()) {
            if (r.evaluator != null) r.evaluator.forget(gone);
            var it = r.alerts.entrySet().iterator();
            while (it.hasNext()) {
                var alert = it.next();
                if (!gone.test(alert.getKey())) continue;
                resolve(alert.getValue(), "handed over to another instance, which evaluates this service now");
                it.remove();
            }
        }
        aggregator.forget(services);
    }

    /**
     * Replaces the rules. A rule that did not change (same definition, wherever it moved in its file) keeps its
     * state; the firing alerts of a rule removed or changed are resolved.
     */
    public synchronized void setRules(RuleSet rules) {
        Map<String, Running> next = new LinkedHashMap<>();
        for (Rule rule : rules.rules()) {
            Running current = running.get(rule.name());
            next.put(rule.name(), current != null && same(current.rule, rule) ? current : new Running(rule));
        }
        for (Running old : running.values())
            if (next.get(old.rule.name()) != old)
                for (Entry entry : old.alerts.values()) resolve(entry, "rule changed or removed");
        running.clear();
        running.putAll(next);
        ruleSet = rules;
    }

    private static boolean same(Rule a, Rule b) {
        return a.equals(new Rule(
                b.name(),
                b.query(),
                b.window(),
                b.forDuration(),
                b.resolveAfter(),
                b.labels(),
                b.annotations(),
                b.condition(),
                a.origin()));
    }

    /** Closes the windows the clock has passed and evaluates every rule on them. */
    public synchronized TickReport tick() {
        List<Window> windows = aggregator.close();
        long before = evaluations;
        int events = 0;
        for (Window window : windows) {
            lastClosed.put(window.size(), window);
            for (Running r : running.values())
                if (r.evaluator != null && r.rule.window().equals(window.size()))
                    update(r, r.evaluator.evaluate(window));
            for (Running r : running.values())
                if (r.rule.condition() instanceof Rule.Composite composite
                        && r.rule.window().equals(window.size())) update(r, composite(composite));
            events += publish();
        }
        windowsClosed += windows.size();
        return new TickReport(windows.size(), evaluations - before, events);
    }

    private void update(Running r, Map<SortedMap<String, String>, Observation> observations) {
        observations.forEach((group, observation) -> {
            evaluations++;
            Entry entry = r.alerts.get(group);
            if (entry == null && !observation.holds()) return; // nothing to track until it first holds
            if (observation.holds() && (entry == null || !entry.active())) {
                // where an alert goes is decided each time it starts: the city its service's trouble was in last time
                // says nothing of now
                SortedMap<String, String> labels = placed(r, labels(r.rule, group));
                if (entry == null || !entry.labels.equals(labels)) {
                    if (entry != null) resolve(entry, null);
                    entry = new Entry(labels, new AlertState(timing(r.rule), clock), observation);
                    r.alerts.put(group, entry);
                }
            }
            if (entry == null) return;
            entry.last = observation;
            entry.state.evaluate(observation.holds());
        });
        r.alerts.forEach((group, entry) -> {
            if (!observations.containsKey(group)) entry.state.evaluate(false); // no data: the condition is gone
        });
    }

    /**
     * Where a new alert goes. An alert of a service whose trouble a {@code single_out} rule put in one city (an alert
     * of it pending or firing there, in no other city) goes to that city too: it is about the same trouble, and
     * belongs to that city's incident rather than to one of its own for the whole service. Not an alert of the rule
     * that singled the city out: that one holding for the whole service means the trouble has spread.
     */
    private SortedMap<String, String> placed(Running rule, SortedMap<String, String> labels) {
        String service = labels.get("service");
        if (service == null || labels.containsKey("city") || labels.containsKey(Alert.UNIT)) return labels;
        Set<String> cities = new HashSet<>();
        for (Running r : running.values()) {
            if (r == rule || !(r.rule.condition() instanceof Rule.Threshold t) || t.singleOut() == null) continue;
            for (Entry e : r.alerts.values()) {
                String city = e.labels.get(t.singleOut());
                if (city != null && e.active() && service.equals(e.labels.get("service"))) cities.add(city);
            }
        }
        if (cities.size() != 1) return labels;
        TreeMap<String, String> placed = new TreeMap<>(labels);
        placed.put("city", cities.iterator().next());
        return placed;
    }

    private Map<SortedMap<String, String>, Observation> composite(Rule.Composite composite) {
        Map<SortedMap<String, String>, Integer> holding = new HashMap<>();
        Map<SortedMap<String, String>, List<String>> details = new HashMap<>();
        for (String name : composite.all()) {
            Running part = running.get(name);
            if (part == null) return Map.of();
            Set<SortedMap<String, String>> groups = new HashSet<>();
            part.alerts.forEach((group, entry) -> {
                if (!entry.last.holds()) return;
                SortedMap<String, String> on = new TreeMap<>();
                for (String label : composite.on()) {
                    String value = entry.labels.get(label);
                    if (value != null) on.put(label, value);
                }
                if (groups.add(on))
                    details.computeIfAbsent(on, k -> new ArrayList<>()).add(name + ": " + entry.last.detail());
            });
            for (SortedMap<String, String> group : groups) holding.merge(group, 1, Integer::sum);
        }
        Map<SortedMap<String, String>, Observation> result = new HashMap<>();
        holding.forEach((group, count) -> {
            if (count == composite.all().size())
                result.put(group, new Observation(true, count, count, String.join("; ", details.get(group))));
        });
        return result;
    }

    /** Publishes what the lifecycles call for; returns how many events went out. */
    private int publish() {
        Instant now = clock.instant();
        List<Map<String, String>> firing = new ArrayList<>();
        for (Running r : running.values())
            for (Entry entry : r.alerts.values())
                if (entry.state.phase() == AlertState.Phase.FIRING) firing.add(entry.labels);
        Muting muting = new Muting(silences.get(), ruleSet.maintenanceWindows(), ruleSet.inhibitRules());
        int events = 0;
        for (Running r : running.values()) {
            var it = r.alerts.values().iterator();
            while (it.hasNext()) {
                Entry entry = it.next();
                switch (entry.state.phase()) {
                    case FIRING -> {
                        Optional<String> muted = muting.reason(entry.labels, others(firing, entry.labels), now);
                        entry.mutedBy = muted.orElse(null);
                        if (entry.published == null && muted.isEmpty()) {
                            Instant since = entry.state.firedAt();
                            entry.published = Alert.firing(
                                    entry.labels,
                                    annotations(r.rule, entry),
                                    since != null ? since : now,
                                    "outrider",
                                    link(entry.labels));
                            sink.accept(entry.published);
                            events++;
                        }
                    }
                    case RESOLVED, INACTIVE -> {
                        events += resolve(entry, null);
                        entry.mutedBy = null;
                        if (entry.state.forgettable()) it.remove();
                    }
                    case PENDING -> {}
                }
            }
        }
        return events;
    }

    private static Collection<Map<String, String>> others(List<Map<String, String>> firing, Map<String, String> self) {
        return firing.stream().filter(labels -> labels != self).toList();
    }

    private int resolve(Entry entry, @Nullable String why) {
        Alert published = entry.published;
        if (published == null) return 0;
        Map<String, String> resolution = new HashMap<>();
        resolution.put("observed", Evaluator.format(entry.last.observed()));
        resolution.put("detail", why != null ? why : entry.last.detail());
        entry.published = null;
        sink.accept(published.resolved(clock.instant(), resolution));
        return 1;
    }

    /**
     * What a rule would say on the last closed window of its size, without keeping it: for each series it selects,
     * whether the condition holds, the value observed and expected. A fresh evaluator has no history, so change and
     * anomaly rules show their first window; composite rules are not previewed.
     *
     * @return the window and the observations by group, or empty when no window of that size has closed yet
     */
    public synchronized Optional<Preview> preview(Rule rule) {
        if (rule.condition() instanceof Rule.Composite)
            throw new IllegalArgumentException("a composite rule has no series of its own to preview");
        Window window = lastClosed.get(rule.window());
        if (window == null) return Optional.empty();
        return Optional.of(
                new Preview(window.start(), window.end(), Evaluator.of(rule).evaluate(window)));
    }

    /** A rule evaluated once on the window from {@code start} to {@code end}. */
    public record Preview(Instant start, Instant end, Map<SortedMap<String, String>, Observation> observations) {}

    /** Every alert tracked now: pending, firing (muted or not) and flapping ones. */
    public synchronized List<Tracked> tracked() {
        List<Tracked> list = new ArrayList<>();
        for (Running r : running.values())
            for (Entry e : r.alerts.values())
                list.add(new Tracked(
                        r.rule.name(),
                        e.labels,
                        e.state.phase(),
                        e.state.firedAt(),
                        e.last,
                        e.mutedBy,
                        e.state.flapping(),
                        e.published != null));
        return list;
    }

    /** Windows closed and evaluated so far. */
    public synchronized long windowsClosed() {
        return windowsClosed;
    }

    /** Group evaluations so far. */
    public synchronized long evaluations() {
        return evaluations;
    }

    private static AlertState.Timing timing(Rule rule) {
        return new AlertState.Timing(
                rule.forDuration(),
                rule.resolveAfter(),
                AlertState.Timing.DEFAULT.flapLimit(),
                AlertState.Timing.DEFAULT.flapWindow());
    }

    private static SortedMap<String, String> labels(Rule rule, SortedMap<String, String> group) {
        TreeMap<String, String> labels = new TreeMap<>(rule.labels());
        labels.putAll(group);
        labels.put("alertname", rule.name());
        return labels;
    }

    private Map<String, String> annotations(Rule rule, Entry entry) {
        Map<String, String> values = new HashMap<>(entry.labels);
        values.put("observed", Evaluator.format(entry.last.observed()));
        values.put("expected", Evaluator.format(entry.last.expected()));
        values.put("value", values.get("observed"));
        Map<String, String> annotations = new TreeMap<>();
        rule.annotations().forEach((name, template) -> annotations.put(name, render(template, values)));
        annotations.putIfAbsent("summary", defaultSummary(entry.labels, entry.last));
        annotations.put("observed", values.get("observed"));
        annotations.put("expected", values.get("expected"));
        annotations.put("detail", entry.last.detail());
        annotations.put("rule", rule.name() + " (" + rule.type() + ", " + rule.origin() + ")");
        annotations.put("window", rule.window().toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        annotations.put("link", link(entry.labels));
        return annotations;
    }

    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        m.appendTail(out);
        return out.toString();
    }

    private static String defaultSummary(SortedMap<String, String> labels, Observation last) {
        StringBuilder s = new StringBuilder(labels.get("alertname"));
        String service = labels.get("service");
        if (service != null) s.append(" on ").append(service);
        String endpoint = labels.get("endpoint");
        if (endpoint != null) s.append(' ').append(endpoint);
        String city = labels.get("city");
        if (city != null) s.append(" in ").append(city);
        return s.append(": ").append(last.detail()).toString();
    }

    private String link(Map<String, String> labels) {
        String service = labels.get("service");
        if (service == null) return settings.consoleUrl();
        return settings.consoleUrl() + "/api/topology/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8);
    }
}
