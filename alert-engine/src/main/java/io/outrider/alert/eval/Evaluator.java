package io.outrider.alert.eval;

import io.outrider.alert.anomaly.SeriesDetector;
import io.outrider.alert.rule.Query;
import io.outrider.alert.rule.Rule;
import io.outrider.alert.slo.BurnRate;
import io.outrider.alert.window.SpanStats;
import io.outrider.alert.window.Window;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The condition of one rule, evaluated window after window, with the state it needs per group (the baseline of a
 * change rule, the detector of an anomaly rule, the budget history of a burn-rate rule, the missing count of an
 * absence rule). Composite rules are evaluated by the engine from the others' results.
 */
abstract sealed class Evaluator {

    final Rule rule;
    final Query query;

    Evaluator(Rule rule, Query query) {
        this.rule = rule;
        this.query = query;
    }

    static Evaluator of(Rule rule) {
        Query query = rule.query();
        if (query == null) throw new IllegalArgumentException("rule " + rule.name() + " has no query");
        return switch (rule.condition()) {
            case Rule.Threshold t -> new ThresholdEvaluator(rule, query, t);
            case Rule.Change c -> new ChangeEvaluator(rule, query, c);
            case Rule.Burn b -> new BurnEvaluator(rule, query, b);
            case Rule.Anomaly a -> new AnomalyEvaluator(rule, query, a);
            case Rule.Absence a -> new AbsenceEvaluator(rule, query, a);
            case Rule.Composite c -> throw new IllegalArgumentException("composite rules are evaluated by the engine");
        };
    }

    /** The observations of this window, one per group that has something to say. */
    abstract Map<SortedMap<String, String>, Observation> evaluate(Window window);

    /** Drops what is kept for the groups {@code gone} selects (their data now goes to another instance). */
    void forget(java.util.function.Predicate<SortedMap<String, String>> gone) {}

    static String format(double value) {
        if (Double.isNaN(value)) return "n/a";
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return String.format(Locale.ROOT, "%.4g", value);
    }

    static final class ThresholdEvaluator extends Evaluator {
        private final Rule.Threshold condition;
        /** The groups (with their city) singled out in the last window. */
        private Set<SortedMap<String, String>> lastSingled = Set.of();

        ThresholdEvaluator(Rule rule, Query query, Rule.Threshold condition) {
            super(rule, query);
            this.condition = condition;
        }

        @Override
        void forget(java.util.function.Predicate<SortedMap<String, String>> gone) {
            Set<SortedMap<String, String>> kept = new HashSet<>(lastSingled);
            kept.removeIf(gone);
            lastSingled = kept;
        }

        @Override
        Map<SortedMap<String, String>, Observation> evaluate(Window window) {
            Map<SortedMap<String, String>, Observation> result = new HashMap<>();
            Map<SortedMap<String, String>, List<String>> singled = singledOut(window, result);
            Selection.values(query, window).forEach((group, value) -> {
                List<String> cities = singled.get(group);
                if (cities != null) {
                    result.put(
                            group,
                            new Observation(
                                    false,
                                    value.value(),
                                    condition.value(),
                                    query.metric() + " " + format(value.value()) + ": only in "
                                            + String.join(", ", cities) + ", alerted there"));
                    return;
                }
                boolean holds = condition.op().test(value.value(), condition.value());
                result.put(
                        group,
                        new Observation(
                                holds,
                                value.value(),
                                condition.value(),
                                query.metric() + " " + format(value.value()) + (holds ? " " : " not ")
                                        + condition.op().symbol + " " + format(condition.value())));
            });
            return result;
        }

        /**
         * With {@code single_out: city}: the cities where the condition holds while the group's other cities together
         * are clearly well, put in {@code result} under the group's labels plus {@code city}; returns them by group. A
         * city singled out in the last window stays so while the others send too little to be judged (a runbook's
         * circuit breaker in front of the service can quiet every city's calls).
         */
        private Map<SortedMap<String, String>, List<String>> singledOut(
                Window window, Map<SortedMap<String, String>, Observation> result) {
            String label = condition.singleOut();
            if (label == null) return Map.of();
            List<String> by = new ArrayList<>(query.by());
            by.add(label);
            Query perCity = new Query(query.metric(), null, by, query.match(), query.aggregate(), query.minCount());
            Map<SortedMap<String, String>, Map<String, SpanStats>> groups = new HashMap<>();
            Selection.spans(perCity, window).forEach((labels, stats) -> {
                TreeMap<String, String> group = new TreeMap<>(labels);
                String city = group.remove(label);
                groups.computeIfAbsent(group, g -> new TreeMap<>()).put(city, stats);
            });
            Map<SortedMap<String, String>, List<String>> singled = new HashMap<>();
            Set<SortedMap<String, String>> now = new HashSet<>();
            double seconds = window.seconds();
            for (Map.Entry<SortedMap<String, String>, Map<String, SpanStats>> entry : groups.entrySet()) {
                SortedMap<String, String> group = entry.getKey();
                Map<String, SpanStats> cities = entry.getValue();
                SpanStats all = null; // every city's requests, merged once and only when a city crosses
                for (Map.Entry<String, SpanStats> inCity : cities.entrySet()) {
                    String city = inCity.getKey();
                    SpanStats stats = inCity.getValue();
                    if (stats.count() < query.minCount()) continue;
                    double value = stats.measure(query.metric(), seconds);
                    if (!condition.op().test(value, condition.value())) continue;
                    if (all == null) all = SpanStats.of(cities.values());
                    SpanStats rest = all.without(stats);
                    TreeMap<String, String> labels = new TreeMap<>(group);
                    labels.put(label, city);
                    double elsewhere = rest.measure(query.metric(), seconds);
                    boolean judged = rest.count() >= query.minCount();
                    if (judged ? !condition.clearlyWell(elsewhere) : !lastSingled.contains(labels)) continue;
                    now.add(labels);
                    result.put(
                            labels,
                            new Observation(
                                    true,
                                    value,
                                    condition.value(),
                                    query.metric() + " " + format(value) + " " + condition.op().symbol + " "
                                            + format(condition.value()) + " in " + city + ", "
                                            + (judged
                                                    ? format(elsewhere) + " elsewhere"
                                                    : "too few requests elsewhere")));
                    singled.computeIfAbsent(group, g -> new ArrayList<>()).add(city);
                }
            }
            lastSingled = now;
            return singled;
        }
    }

    static final class ChangeEvaluator extends Evaluator {
        private final Rule.Change condition;
        private final Map<SortedMap<String, String>, History> histories = new HashMap<>();

        @Override
        void forget(java.util.function.Predicate<SortedMap<String, String>> gone) {
            histories.keySet().removeIf(gone);
        }

        private static final class History {
            final ArrayDeque<Double> values = new ArrayDeque<>();
            int holding;
            int missing;
        }

        ChangeEvaluator(Rule rule, Query query, Rule.Change condition) {
            super(rule, query);
            this.condition = condition;
        }

        @Override
        Map<SortedMap<String, String>, Observation> evaluate(Window window) {
            Map<SortedMap<String, String>, Double> values = new HashMap<>();
            Selection.values(query, window).forEach((group, value) -> values.put(group, value.value()));
            if (Selection.zeroWhenMissing(query))
                for (SortedMap<String, String> known : histories.keySet()) values.putIfAbsent(known, 0.0);
            Map<SortedMap<String, String>, Observation> result = new HashMap<>();
            values.forEach((group, value) -> {
                History history = histories.computeIfAbsent(group, g -> new History());
                history.missing = 0;
                Observation observation = observe(history, value);
                if (observation != null) result.put(group, observation);
                boolean holds = observation != null && observation.holds();
                history.holding = holds ? history.holding + 1 : 0;
                // a drop does not become the baseline while it lasts (up to three baselines long)
                if (!holds || history.holding > 3 * condition.baseline()) {
                    history.values.addLast(value);
                    while (history.values.size() > condition.baseline()) history.values.removeFirst();
                }
            });
            // a group without a value (a ratio without denominator) keeps its baseline for a while
            for (Map.Entry<SortedMap<String, String>, History> e : histories.entrySet())
                if (!values.containsKey(e.getKey())) e.getValue().missing++;
            histories.entrySet().removeIf(e -> e.getValue().missing > 6 * condition.baseline());
            // groups that only ever counted zero
            histories
                    .entrySet()
                    .removeIf(e -> e.getValue().values.size() == condition.baseline()
                            && e.getValue().values.stream().allMatch(v -> v == 0));
            return result;
        }

        private @Nullable Observation observe(History history, double value) {
            if (history.values.size() < condition.baseline()) return null;
            double mean = history.values.stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElse(0);
            if (mean <= 0 || mean < condition.minBaseline()) return null;
            double change = (value - mean) / mean * 100;
            boolean holds = condition.drop() ? change <= -condition.percent() : change >= condition.percent();
            return new Observation(
                    holds,
                    value,
                    mean,
                    query.metric() + " " + format(value) + " is " + format(Math.abs(change)) + "% "
                            + (change < 0 ? "below" : "above") + " its mean " + format(mean) + " of the last "
                            + condition.baseline() + " windows");
        }
    }

    static final class BurnEvaluator extends Evaluator {
        private final Rule.Burn condition;
        private final int slots;
        private final long windowMillis;
        private final Map<SortedMap<String, String>, Budget> budgets = new HashMap<>();

        @Override
        void forget(java.util.function.Predicate<SortedMap<String, String>> gone) {
            budgets.keySet().removeIf(gone);
        }

        /** Bad and total requests of the last {@code slots} windows, a ring. */
        private static final class Budget {
            final long[] bad;
            final long[] total;
            int next;
            int filled;
            int idle;

            Budget(int slots) {
                bad = new long[slots];
                total = new long[slots];
            }

            void add(long b, long t) {
                bad[next] = b;
                total[next] = t;
                next = (next + 1) % bad.length;
                filled = Math.min(filled + 1, bad.length);
                idle = t == 0 ? idle + 1 : 0;
            }

            /** {bad, total} over the last {@code n} windows. */
            long[] last(int n) {
                long b = 0;
                long t = 0;
                for (int i = 1; i <= Math.min(n, filled); i++) {
                    int at = Math.floorMod(next - i, bad.length);
                    b += bad[at];
                    t += total[at];
                }
                return new long[] {b, t};
            }
        }

        BurnEvaluator(Rule rule, Query query, Rule.Burn condition) {
            super(rule, query);
            this.condition = condition;
            this.windowMillis = rule.window().toMillis();
            Duration longest = condition.windows().stream()
                    .map(BurnRate.Condition::longWindow)
                    .max(Duration::compareTo)
                    .orElse(Duration.ofHours(6));
            this.slots = (int) Math.max(1, longest.toMillis() / windowMillis);
        }

        @Override
        Map<SortedMap<String, String>, Observation> evaluate(Window window) {
            Map<SortedMap<String, String>, SpanStats> stats = Selection.spans(query, window);
            for (SortedMap<String, String> group : stats.keySet())
                budgets.computeIfAbsent(group, g -> new Budget(slots));
            Map<SortedMap<String, String>, Observation> result = new HashMap<>();
            for (Iterator<Map.Entry<SortedMap<String, String>, Budget>> it =
                            budgets.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<SortedMap<String, String>, Budget> entry = it.next();
                Budget budget = entry.getValue();
                SpanStats s = stats.get(entry.getKey());
                long total = s == null ? 0 : s.count();
                long bad = s == null ? 0 : condition.latency() ? s.slowerThan(condition.latencyMs()) : s.errors();
                budget.add(bad, total);
                if (budget.idle >= slots) {
                    it.remove();
                    continue;
                }
                Observation observation = observe(budget);
                if (observation != null) result.put(entry.getKey(), observation);
            }
            return result;
        }

        private @Nullable Observation observe(Budget budget) {
            @Nullable Observation strongest = null;
            for (BurnRate.Condition c : condition.windows()) {
                int shortSlots = (int) Math.max(1, c.shortWindow().toMillis() / windowMillis);
                if (budget.filled < shortSlots) continue; // not even the short window seen yet (a fresh start)
                long[] longSums = budget.last((int) Math.max(1, c.longWindow().toMillis() / windowMillis));
                long[] shortSums = budget.last(shortSlots);
                if (longSums[1] == 0 || shortSums[1] == 0 || longSums[1] < query.minCount()) continue;
                double longRate = BurnRate.of((double) longSums[0] / longSums[1], condition.target());
                double shortRate = BurnRate.of((double) shortSums[0] / shortSums[1], condition.target());
                boolean holds = longRate > c.factor() && shortRate > c.factor();
                String detail = (condition.latency()
                                ? "latency SLO (" + format(condition.latencyMs()) + " ms) "
                                : "availability SLO ")
                        + format(condition.target() * 100) + "%: burn rate " + format(longRate) + "× over "
                        + c.longWindow().toString().substring(2).toLowerCase(Locale.ROOT) + ", "
                        + format(shortRate) + "× over "
                        + c.shortWindow().toString().substring(2).toLowerCase(Locale.ROOT)
                        + (holds ? " > " : ", needs ") + format(c.factor()) + "×";
                Observation o = new Observation(holds, longRate, c.factor(), detail);
                if (strongest == null || holds && !strongest.holds()) strongest = o;
            }
            return strongest;
        }
    }

    static final class AnomalyEvaluator extends Evaluator {
        private final Rule.Anomaly condition;
        private final SeriesDetector.Settings settings;
        private final Map<SortedMap<String, String>, SeriesDetector> detectors = new HashMap<>();

        @Override
        void forget(java.util.function.Predicate<SortedMap<String, String>> gone) {
            detectors.keySet().removeIf(gone);
        }

        AnomalyEvaluator(Rule rule, Query query, Rule.Anomaly condition) {
            super(rule, query);
            this.condition = condition;
            SeriesDetector.Settings d = SeriesDetector.Settings.DEFAULT;
            // no refractory damping here: an anomaly that goes on must keep its alert firing (the lifecycle pages
            // once); damping is for scoring files, where one episode should count once
            this.settings = new SeriesDetector.Settings(
                    d.recent(), d.seasonDays(), d.minSeasonDays(), condition.sensitivity(), 0);
        }

        @Override
        Map<SortedMap<String, String>, Observation> evaluate(Window window) {
            Map<SortedMap<String, String>, Double> values = new HashMap<>();
            Selection.values(query, window).forEach((group, value) -> values.put(group, value.value()));
            if (Selection.zeroWhenMissing(query))
                for (SortedMap<String, String> known : detectors.keySet()) values.putIfAbsent(known, 0.0);
            Map<SortedMap<String, String>, Observation> result = new HashMap<>();
            long at = window.start().toEpochMilli();
            values.forEach((group, value) -> {
                SeriesDetector detector = detectors.computeIfAbsent(group, g -> new SeriesDetector(settings));
                double score = detector.score(at, value);
                double baseline = detector.lastBaseline();
                boolean far = !Double.isNaN(baseline)
                        && Math.abs(value - baseline) >= condition.minDeviation() * Math.abs(baseline);
                boolean holds = score >= condition.score() && far;
                result.put(
                        group,
                        new Observation(
                                holds,
                                value,
                                baseline,
                                query.metric() + " " + format(value) + " against a baseline of " + format(baseline)
                                        + ": anomaly score " + format(score)
                                        + (score >= condition.score() ? " ≥ " : " < ") + format(condition.score())
                                        + (far ? "" : ", within " + format(condition.minDeviation() * 100) + "%")));
            });
            return result;
        }
    }

    static final class AbsenceEvaluator extends Evaluator {
        private final Rule.Absence condition;
        private final long forgetAfter;
        private final Map<SortedMap<String, String>, Integer> missing = new HashMap<>();

        @Override
        void forget(java.util.function.Predicate<SortedMap<String, String>> gone) {
            missing.keySet().removeIf(gone);
        }

        AbsenceEvaluator(Rule rule, Query query, Rule.Absence condition) {
            super(rule, query);
            this.condition = condition;
            this.forgetAfter = Math.max(
                    condition.intervals() * 10L,
                    Duration.ofDays(1).toMillis() / rule.window().toMillis());
        }

        @Override
        Map<SortedMap<String, String>, Observation> evaluate(Window window) {
            Map<SortedMap<String, String>, Selection.Value> present = Selection.values(query, window);
            Map<SortedMap<String, String>, Observation> result = new HashMap<>();
            for (SortedMap<String, String> group : present.keySet()) {
                missing.put(group, 0);
                result.put(group, new Observation(false, 0, condition.intervals(), query.metric() + " present"));
            }
            for (Iterator<Map.Entry<SortedMap<String, String>, Integer>> it =
                            missing.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<SortedMap<String, String>, Integer> entry = it.next();
                if (present.containsKey(entry.getKey())) continue;
                int windows = entry.getValue() + 1;
                if (windows > forgetAfter) {
                    it.remove();
                    continue;
                }
                entry.setValue(windows);
                boolean holds = windows >= condition.intervals();
                result.put(
                        entry.getKey(),
                        new Observation(
                                holds,
                                windows,
                                condition.intervals(),
                                query.metric() + " missing for " + windows + " window" + (windows == 1 ? "" : "s")
                                        + " of "
                                        + rule.window().toString().substring(2).toLowerCase(Locale.ROOT)));
            }
            return result;
        }
    }
}
