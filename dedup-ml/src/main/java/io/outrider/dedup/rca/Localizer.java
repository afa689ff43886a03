package io.outrider.dedup.rca;

import io.outrider.core.incident.RootCause.Evidence;
import io.outrider.core.incident.RootCause.Suspect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Ranks the services of an incident by how far their series moved when it began. Each series is measured against
 * its own past (the values before the anomaly's start): its median, and its interquartile range as the unit (robust
 * to the outliers of normal operation; falling back to the MAD, then the standard deviation, when a quiet series
 * has none). After the start, each value's distance in those units is smoothed over three points (one stray
 * sample is not a fault) and the largest is the series' deviation; a service scores its largest deviation, with its
 * strongest series as evidence (how far, from what to what, since when).
 *
 * <p>With the call graph, a service whose callees are at least half as far off as itself is more likely to suffer
 * than to cause: its score is halved, so a service anomalous on its own while its callees are healthy ranks above
 * its callers; likewise a callee whose only anomaly is its traffic, while a caller's traffic moved too, is halved
 * and ranks below that caller (traffic flows down the calls: a surge at the entry service reaches every service
 * behind it), with or without a recent change of its own, and one that suffers under that load scores its failure,
 * not the traffic; a service whose requests from outside moved (an entry: {@link #isEntryTraffic}) is nobody's
 * callee in this, even where a cycle of calls leads back to it; a recent change to a service counts against it (see
 * {@link #rank(List, List, long, Map)}). Only a
 * callee's failure signals count here (latency, errors, resources), not its traffic: a callee
 * that merely receives more calls is not what its caller suffers from. Without it (offline), the ranking is by deviation alone.
 */
public final class Localizer {

    /** A deviation (in robust units) from which a series counts as anomalous. */
    public static final double SIGNIFICANT = 3;
    /** Series of evidence kept per service. */
    static final int EVIDENCE = 3;

    private Localizer() {}

    /** How long before an anomaly a change still counts as its possible cause. */
    public static final long CHANGE_LOOKBACK_MILLIS = 15 * 60_000L;
    /**
     * How long before an anomaly a change counts even where its service's series say little (yet): the minute of a
     * fault's start and the one before, since changes are reported by the minute.
     */
    public static final long FRESH_CHANGE_MILLIS = 3 * 60_000L;
    /** What a recent change multiplies its service's score by. */
    static final double CHANGE_FACTOR = 2;
    /**
     * What a change's weight loses per minute it came before the anomaly, after the first minute (changes are
     * reported by the minute), down to half: of two changes, the one nearer the start is the likelier cause (an earlier
     * one is often the last fault's mitigation, taken back since).
     */
    static final double CHANGE_AGE_DISCOUNT_PER_MINUTE = 0.1;
    /** How evidence of a change is named: {@code change: fault latency /eta}. */
    public static final String CHANGE_PREFIX = "change: ";

    /**
     * @param calls caller → callees, or null when the call graph is not known
     */
    public static List<Suspect> rank(
            List<ServiceSeries> series, long anomalyStartMillis, @Nullable Map<String, Set<String>> calls) {
        return rank(series, List.of(), anomalyStartMillis, calls);
    }

    /**
     * The ranking with recent changes as evidence: a change to a service in the {@link #CHANGE_LOOKBACK_MILLIS}
     * before the anomaly started (or the minute after, its reporting granularity) doubles its score (less the older
     * it is, {@link #CHANGE_AGE_DISCOUNT_PER_MINUTE}), counts as
     * significant even where its series say little when it came within {@link #FRESH_CHANGE_MILLIS} of the start
     * (an older one only where the series moved), and spares it the halving of services whose callees suffer (a
     * throttle or a bad configuration in a caller can hurt while its callees are fine). Changes later than that
     * are responses to the anomaly (mitigations), not its causes, and are ignored.
     */
    public static List<Suspect> rank(
            List<ServiceSeries> series,
            List<Change> changes,
            long anomalyStartMillis,
            @Nullable Map<String, Set<String>> calls) {
        Map<String, List<Evidence>> byService = new HashMap<>();
        for (ServiceSeries s : series) {
            Evidence evidence = evidence(s, anomalyStartMillis);
            if (evidence != null)
                byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(evidence);
        }
        Map<String, Double> scores = new HashMap<>();
        Map<String, Double> failing = new HashMap<>();
        Map<String, Double> traffic = new HashMap<>();
        Set<String> entries = new java.util.HashSet<>();
        byService.forEach((service, list) -> {
            list.sort(Comparator.comparingDouble(Evidence::deviation).reversed());
            scores.put(service, list.getFirst().deviation());
            failing.put(service, worst(list, e -> !isTraffic(e.series())));
            traffic.put(service, worst(list, e -> isTraffic(e.series())));
            if (list.stream().anyMatch(e -> isEntryTraffic(e.series()) && e.deviation() >= SIGNIFICANT))
                entries.add(service);
        });
        Map<String, Double> adjusted = new HashMap<>(scores);
        // callees whose traffic their callers' traffic explains, with those callers
        Map<String, Set<String>> carriedBy = new HashMap<>();
        if (calls != null)
            scores.forEach((service, score) -> {
                double worstCallee = 0;
                for (String callee : calls.getOrDefault(service, Set.of()))
                    worstCallee = Math.max(worstCallee, failing.getOrDefault(callee, 0.0));
                if (worstCallee >= SIGNIFICANT && worstCallee >= score / 2) adjusted.put(service, score / 2);
                // traffic flows down the calls: what a callee gets more (or fewer) of while a caller's traffic moved
                // as well is that caller's, as a surge at the entry reaches every service — except where requests
                // come in from outside and moved (the entry itself, even when a cycle of calls leads back to it)
                if (entries.contains(service)) return;
                Set<String> carriers = new java.util.HashSet<>();
                for (Map.Entry<String, Set<String>> caller : calls.entrySet()) {
                    // a caller whose traffic moved (slower under it or not); services that call each other (order
                    // and rider) carry each other's traffic both ways: neither explains the other's
                    if (caller.getValue().contains(service)
                            && !calls.getOrDefault(service, Set.of()).contains(caller.getKey())
                            && traffic.getOrDefault(caller.getKey(), 0.0) >= SIGNIFICANT) carriers.add(caller.getKey());
                }
                if (carriers.isEmpty()) return;
                double own = failing.getOrDefault(service, 0.0);
                if (own < SIGNIFICANT) carriedBy.put(service, carriers);
                // a callee that suffers under the load it is sent counts its failure, not the traffic
                else adjusted.put(service, Math.min(adjusted.getOrDefault(service, score), own));
            });
        // a carried service ranks below the callers that carry it (down the chain, from the entry)
        Map<String, Double> own = new HashMap<>(adjusted);
        for (int pass = 0; pass < carriedBy.size(); pass++)
            carriedBy.forEach((service, callers) -> {
                double cap = 0;
                for (String caller : callers) cap = Math.max(cap, adjusted.getOrDefault(caller, 0.0));
                double halved = Math.min(own.getOrDefault(service, 0.0), scores.getOrDefault(service, 0.0) / 2);
                adjusted.put(service, Math.min(halved, 0.9 * cap));
            });
        Set<String> carried = carriedBy.keySet();
        Map<String, List<Evidence>> changed = new HashMap<>();
        Map<String, Long> latestChange = new HashMap<>();
        for (Change change : changes)
            if (change.atMillis() >= anomalyStartMillis - CHANGE_LOOKBACK_MILLIS
                    && change.atMillis() <= anomalyStartMillis + 60_000) {
                changed.computeIfAbsent(change.service(), k -> new ArrayList<>())
                        .add(new Evidence(CHANGE_PREFIX + change.what(), 0, change.atMillis(), 0, 1));
                latestChange.merge(change.service(), change.atMillis(), Math::max);
            }
        changed.forEach((service, list) -> {
            double score = scores.getOrDefault(service, 0.0);
            long millisBefore =
                    Math.max(0, anomalyStartMillis - latestChange.getOrDefault(service, anomalyStartMillis));
            // a change does not make a service the source of the traffic its callers send it; an older change
            // counts only where the service's own series moved (one undone since, e.g. an earlier fault, says
            // nothing of a service that looks normal)
            if (!carried.contains(service) && (millisBefore <= FRESH_CHANGE_MILLIS || score >= SIGNIFICANT)) {
                double minutesBefore = millisBefore / 60_000.0;
                double recency = Math.max(0.5, 1 - CHANGE_AGE_DISCOUNT_PER_MINUTE * Math.max(0, minutesBefore - 1));
                adjusted.put(service, CHANGE_FACTOR * Math.max(SIGNIFICANT, score) * recency);
            }
            List<Evidence> evidence = new ArrayList<>(list);
            evidence.addAll(byService.getOrDefault(service, List.of()));
            byService.put(service, evidence);
        });
        List<Suspect> ranking = new ArrayList<>();
        byService.forEach((service, list) -> ranking.add(new Suspect(
                service,
                adjusted.getOrDefault(service, 0.0),
                List.copyOf(list.subList(0, Math.min(EVIDENCE, list.size()))))));
        ranking.sort(Comparator.comparingDouble(Suspect::score).reversed().thenComparing(Suspect::service));
        return ranking;
    }

    /**
     * Whether a series measures how much work a service is asked to do (requests, calls, QPS, workload) rather than
     * how it copes: more traffic at a callee is load its callers send, not a failure they suffer from.
     */
    static boolean isTraffic(String series) {
        return TRAFFIC.matcher(series).find();
    }

    /** The largest deviation among {@code evidence} that {@code which} takes; 0 without any. */
    private static double worst(List<Evidence> evidence, java.util.function.Predicate<Evidence> which) {
        return evidence.stream()
                .filter(which)
                .mapToDouble(Evidence::deviation)
                .max()
                .orElse(0);
    }

    /**
     * Whether a series counts the requests a service gets from outside: traffic at an endpoint of CAT's {@code URL}
     * type ({@code order-service_calls URL:POST /orders}), where no other service sends it.
     */
    static boolean isEntryTraffic(String series) {
        return isTraffic(series) && series.contains(" URL:");
    }

    private static final java.util.regex.Pattern TRAFFIC =
            java.util.regex.Pattern.compile("(?i)(requests|calls|qps|tps|rps|throughput|traffic|workload)");

    /** The deviation of one series after the start, or null when it has too little data on either side. */
    static @Nullable Evidence evidence(ServiceSeries s, long start) {
        double[] before = values(s, Long.MIN_VALUE, start);
        if (before.length < 3) return null;
        int first = firstAtOrAfter(s.times(), start);
        double median = quantile(before, 0.5);
        double unit = unit(before, median);
        double best = -1;
        double observed = Double.NaN;
        long since = Long.MIN_VALUE;
        double[] recent = new double[3];
        int filled = 0;
        for (int i = first; i < s.values().length; i++) {
            double v = s.values()[i];
            if (Double.isNaN(v)) continue;
            recent[filled % 3] = Math.abs(v - median) / unit;
            filled++;
            double smoothed = filled >= 3 ? median3(recent) : Math.min(recent[0], filled == 2 ? recent[1] : recent[0]);
            if (smoothed > best) {
                best = smoothed;
                observed = v;
            }
            if (since == Long.MIN_VALUE && smoothed >= SIGNIFICANT) since = s.times()[i];
        }
        if (best < 0) return null;
        return new Evidence(s.name(), best, since == Long.MIN_VALUE ? start : since, median, observed);
    }

    private static double unit(double[] values, double median) {
        double iqr = quantile(values, 0.75) - quantile(values, 0.25);
        if (iqr > 0) return iqr;
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - median);
        double mad = 1.4826 * quantile(deviations, 0.5);
        if (mad > 0) return mad;
        double mean = Arrays.stream(values).average().orElse(0);
        double sd = Math.sqrt(
                Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
        if (sd > 0) return sd;
        // a flat series: any move is news, in proportion to its level
        return Math.max(Math.abs(median) * 1e-2, 1e-6);
    }

    private static double median3(double[] r) {
        return Math.max(Math.min(r[0], r[1]), Math.min(Math.max(r[0], r[1]), r[2]));
    }

    private static int firstAtOrAfter(long[] times, long start) {
        for (int i = 0; i < times.length; i++) if (times[i] >= start) return i;
        return times.length;
    }

    private static double[] values(ServiceSeries s, long from, long to) {
        return java.util.stream.IntStream.range(0, s.times().length)
                .filter(i -> s.times()[i] >= from && s.times()[i] < to && !Double.isNaN(s.values()[i]))
                .mapToDouble(i -> s.values()[i])
                .toArray();
    }

    /** Linear-interpolated quantile of unsorted values. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = (int) Math.ceil(at);
        return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
    }
}
