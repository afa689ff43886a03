package io.outrider.dedup.harness;

import io.outrider.alert.eval.AlertEngine;
import io.outrider.alert.rule.RuleFiles;
import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.correlate.Correlator;
import io.outrider.dedup.correlate.CorrelatorTraining;
import io.outrider.dedup.correlate.Features;
import io.outrider.dedup.correlate.IncidentBook;
import io.outrider.dedup.correlate.LearnedCorrelator;
import io.outrider.dedup.correlate.RuleCorrelator;
import io.outrider.dedup.correlate.TrainingPair;
import io.outrider.dedup.rca.IncidentLocalizer;
import io.outrider.infra.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The evaluation harness: labelled fault scenarios (every service × fault type, concurrent faults in different
 * cities, independent faults in one city, noise only) on simulated telemetry, pushed through the real alert engine; its alerts go to Outrider's
 * correlator and, in the same run, to two baselines (Alertmanager's grouping by service, time window only).
 * Reports alert → incident compression, pairwise grouping precision / recall / F1, root-cause AC@1, AC@3, Avg@5
 * (Outrider's localizer over the incident's city), and the correlation time per alert.
 *
 * <p>Run: {@code scripts/bench-incidents}.
 */
public final class Harness {

    static final String RULES = """
            rules:
              - { name: ErrorRatio, type: threshold, window: 10s, for: 20s, resolve_after: 30s, op: ">", value: 0.05,
                  query: { metric: errors_total, ratio_to: requests_total, by: [service, city, instance, endpoint], min_count: 10 },
                  labels: { symptom: errors, severity: critical } }
              - { name: Latency, type: threshold, window: 10s, for: 20s, resolve_after: 30s, op: ">", value: 300,
                  query: { metric: p99_latency_ms, by: [service, city, instance, endpoint], aggregate: max },
                  labels: { symptom: latency, severity: warning } }
              - { name: Cpu, type: threshold, window: 10s, for: 20s, resolve_after: 30s, op: ">", value: 0.85,
                  query: { metric: cpu_ratio, by: [service, city, instance], aggregate: max },
                  labels: { symptom: saturation, severity: warning } }
              - { name: Heartbeat, type: absence, window: 10s, intervals: 3, resolve_after: 30s,
                  query: { metric: jvm_threads, by: [service, city, instance] }, labels: { symptom: heartbeat, severity: critical } }
              - { name: Surge, type: change, window: 10s, for: 20s, resolve_after: 30s, direction: rise, percent: 100,
                  baseline: 6, min_baseline: 10, query: { metric: requests_total, by: [service, city] },
                  labels: { symptom: traffic, severity: warning } }
              - { name: DispatchRate, type: threshold, window: 10s, for: 20s, resolve_after: 30s, op: "<", value: 0.8,
                  query: { metric: orders_dispatched_total, ratio_to: orders_created_total, by: [city], min_count: 10 },
                  labels: { symptom: kpi, severity: critical } }
            """;

    record Scenario(String name, List<Simulation.Fault> faults) {}

    /** An alert event with the fault it belongs to (or its own id for noise). */
    record Labelled(Alert alert, String truth) {}

    record Result(
            String correlator,
            int alerts,
            int incidents,
            double compression,
            double precision,
            double recall,
            double f1,
            double ac1,
            double ac3,
            double avg5,
            double p99Micros) {}

    static List<Scenario> scenarios(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant start = Instant.parse("2026-11-24T10:10:00Z");
        Duration length = Duration.ofMinutes(4);
        List<Scenario> list = new ArrayList<>();
        int n = 0;
        for (String service : Simulation.SERVICES)
            for (Simulation.Kind kind : List.of(
                    Simulation.Kind.LATENCY,
                    Simulation.Kind.ERRORS,
                    Simulation.Kind.CPU,
                    Simulation.Kind.OUTAGE,
                    Simulation.Kind.SURGE,
                    Simulation.Kind.HEARTBEAT)) {
                String city = Simulation.CITIES.get(random.nextInt(Simulation.CITIES.size()));
                list.add(new Scenario(
                        kind + " " + service,
                        List.of(new Simulation.Fault("f" + n++, service, city, kind, start, length))));
            }
        for (int i = 0; i < 10; i++) {
            List<Simulation.Kind> kinds = List.of(
                    Simulation.Kind.LATENCY, Simulation.Kind.ERRORS, Simulation.Kind.CPU, Simulation.Kind.OUTAGE);
            String a = Simulation.SERVICES.get(random.nextInt(5));
            String b = Simulation.SERVICES.get(random.nextInt(5));
            list.add(new Scenario(
                    "concurrent " + a + " / " + b,
                    List.of(
                            new Simulation.Fault("f" + n++, a, "shanghai", kinds.get(random.nextInt(4)), start, length),
                            new Simulation.Fault(
                                    "f" + n++,
                                    b,
                                    "beijing",
                                    kinds.get(random.nextInt(4)),
                                    start.plusSeconds(40),
                                    length))));
        }
        for (int i = 0; i < 5; i++) {
            // two independent faults in the same city: one in the logistics core, one in the merchant subsystem
            List<Simulation.Kind> kinds = List.of(Simulation.Kind.LATENCY, Simulation.Kind.ERRORS, Simulation.Kind.CPU);
            String city = Simulation.CITIES.get(random.nextInt(3));
            String a = Simulation.SERVICES.get(random.nextInt(5));
            String b = Simulation.SERVICES.get(5 + random.nextInt(2));
            list.add(new Scenario(
                    "same city " + a + " / " + b,
                    List.of(
                            new Simulation.Fault("f" + n++, a, city, kinds.get(random.nextInt(3)), start, length),
                            new Simulation.Fault(
                                    "f" + n++, b, city, kinds.get(random.nextInt(3)), start.plusSeconds(30), length))));
        }
        for (int i = 0; i < 5; i++) {
            List<Simulation.Fault> blips = new ArrayList<>();
            for (int j = 0; j < 3; j++)
                blips.add(new Simulation.Fault(
                        "noise" + n++,
                        Simulation.SERVICES.get(random.nextInt(5)),
                        Simulation.CITIES.get(random.nextInt(3)),
                        Simulation.Kind.NOISE,
                        start.plusSeconds(random.nextInt(600)),
                        Duration.ofSeconds(40)));
            list.add(new Scenario("noise only", blips));
        }
        return list;
    }

    /** Runs one scenario through the alert engine; returns its labelled alert events and the simulation. */
    static Map.Entry<List<Labelled>, Simulation> alerts(Scenario scenario, long seed) {
        TestClock clock = new TestClock(Instant.parse("2026-11-24T10:00:00Z"));
        List<Alert> raw = new ArrayList<>();
        AlertEngine engine = new AlertEngine(
                new AlertEngine.Settings("http://console", Duration.ofSeconds(1), 100_000), clock, raw::add, List::of);
        var parsed = RuleFiles.parse("harness.yml", RULES);
        if (!parsed.ok()) throw new IllegalStateException(parsed.errors().toString());
        engine.setRules(parsed.ruleSet());
        Simulation simulation = new Simulation(scenario.faults(), seed);
        Instant end = scenario.faults().stream()
                .map(Simulation.Fault::end)
                .max(Instant::compareTo)
                .orElseThrow()
                .plusSeconds(300);
        while (clock.instant().isBefore(end)) {
            simulation.step(clock.instant(), engine::add);
            clock.advance(Duration.ofSeconds(10));
            engine.tick();
        }
        List<Labelled> labelled = new ArrayList<>();
        AtomicInteger noise = new AtomicInteger();
        for (Alert alert : raw) {
            String truth = null;
            for (Simulation.Fault f : scenario.faults())
                if (Simulation.touches(
                                f, alert.labels().get("service"), alert.labels().get("city"), alert.startsAt())
                        && !(f.kind() == Simulation.Kind.NOISE && alert.labels().get("service") == null))
                    truth = f.id();
            labelled.add(new Labelled(alert, truth != null ? truth : "unexplained-" + noise.incrementAndGet()));
        }
        return Map.entry(labelled, simulation);
    }

    /** A scenario's labelled alert events and its simulation (what the localizer reads). */
    record Run(Scenario scenario, List<Labelled> alerts, Simulation simulation) {}

    /** Runs every scenario through the alert engine once; seed {@code seed + i} for the i-th. */
    static List<Run> runs(List<Scenario> scenarios, long seed) {
        List<Run> runs = new ArrayList<>();
        int s = 0;
        for (Scenario scenario : scenarios) {
            var run = alerts(scenario, seed + s++);
            runs.add(new Run(scenario, run.getKey(), run.getValue()));
        }
        return runs;
    }

    static Result evaluate(String name, java.util.function.Supplier<Correlator> correlator, List<Run> runs) {
        int alerts = 0;
        int incidents = 0;
        long truePairs = 0;
        long predictedPairs = 0;
        long bothPairs = 0;
        int ranked = 0;
        int[] hits = new int[5];
        List<Long> nanos = new ArrayList<>();
        for (Run run : runs) {
            Scenario scenario = run.scenario();
            AtomicInteger ids = new AtomicInteger();
            IncidentBook book =
                    new IncidentBook(correlator.get(), () -> Simulation.GRAPH, () -> "i" + ids.incrementAndGet());
            Map<String, String> predicted = new LinkedHashMap<>();
            Map<String, String> truth = new LinkedHashMap<>();
            for (Labelled l : run.alerts()) {
                long t0 = System.nanoTime();
                IncidentBook.Result result = book.accept(l.alert());
                nanos.add(System.nanoTime() - t0);
                if (l.alert().status() != Alert.Status.FIRING || result.incident() == null) continue;
                String key = l.alert().occurrenceId();
                predicted.put(key, result.incident().id());
                truth.put(key, l.truth());
            }
            alerts += predicted.size();
            incidents += (int) predicted.values().stream().distinct().count();
            List<String> keys = new ArrayList<>(predicted.keySet());
            for (int i = 0; i < keys.size(); i++)
                for (int j = i + 1; j < keys.size(); j++) {
                    boolean t = truth.get(keys.get(i)).equals(truth.get(keys.get(j)));
                    boolean p = predicted.get(keys.get(i)).equals(predicted.get(keys.get(j)));
                    if (t) truePairs++;
                    if (p) predictedPairs++;
                    if (t && p) bothPairs++;
                }
            // root cause: for each real fault, the incident holding most of its alerts, ranked over its city
            for (Simulation.Fault fault : scenario.faults()) {
                if (fault.kind() == Simulation.Kind.NOISE) continue;
                Map<String, Integer> votes = new HashMap<>();
                truth.forEach((key, t) -> {
                    if (t.equals(fault.id())) votes.merge(predicted.get(key), 1, Integer::sum);
                });
                if (votes.isEmpty()) continue;
                String incidentId = votes.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
                Incident incident = book.incident(incidentId);
                if (incident == null) continue;
                List<RootCause.Suspect> ranking;
                try {
                    ranking = new IncidentLocalizer(run.simulation().source(fault.city()))
                            .localize(
                                    incident, Simulation.GRAPH, run.simulation().end())
                            .ranking();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (ranking.isEmpty()) ranking = List.of(new RootCause.Suspect("(none)", 0, List.of()));
                ranked++;
                if (Boolean.getBoolean("harness.misses")
                        && !ranking.getFirst().service().equals(fault.service()))
                    System.err.printf(
                            "miss: %s %s in %s ranked %s%n",
                            fault.kind(),
                            fault.service(),
                            fault.city(),
                            ranking.stream()
                                    .limit(3)
                                    .map(RootCause.Suspect::service)
                                    .toList());
                for (int k = 0; k < 5; k++)
                    if (ranking.stream().limit(k + 1).anyMatch(x -> x.service().equals(fault.service()))) hits[k]++;
            }
        }
        double precision = predictedPairs == 0 ? 1 : (double) bothPairs / predictedPairs;
        double recall = truePairs == 0 ? 1 : (double) bothPairs / truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        nanos.sort(Long::compare);
        double p99 = nanos.isEmpty()
                ? 0
                : nanos.get((int) Math.min(nanos.size() - 1, Math.ceil(nanos.size() * 0.99) - 1)) / 1000.0;
        double avg5 = 0;
        for (int k = 0; k < 5; k++) avg5 += ranked == 0 ? 0 : (double) hits[k] / ranked / 5;
        return new Result(
                name,
                alerts,
                incidents,
                alerts == 0 ? 0 : 1 - (double) incidents / alerts,
                precision,
                recall,
                f1,
                ranked == 0 ? 0 : (double) hits[0] / ranked,
                ranked == 0 ? 0 : (double) hits[2] / ranked,
                avg5,
                p99);
    }

    /**
     * Labelled pairs for the learned correlator from the scenarios' alert storms: an oracle groups the alerts by
     * their true fault, and each alert that opens or joins an incident is paired with every open incident at that
     * moment, labelled together when the incident is its fault's. The pairs are the situations the correlator meets,
     * given that its earlier decisions were right.
     *
     * <p>The simulation raises all of a fault's alerts in the same tick, where real ones come over a minute or two
     * (effects travel up the call graph, rules wait for different {@code for} durations, scrapes are late). So each
     * alert's events are delayed by up to {@value #MAX_DELAY_SECONDS} s (one delay per fingerprint) before the
     * replay; otherwise the model would learn that any gap means another fault.
     */
    static List<TrainingPair> pairs(List<Scenario> scenarios, long seed) {
        List<TrainingPair> pairs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        int s = 0;
        for (Scenario scenario : scenarios) {
            var run = delayed(alerts(scenario, seed + s++).getKey(), random);
            Map<String, String> truthOfIncident = new HashMap<>();
            Map<String, String> truthOfAlert = new HashMap<>();
            String source = "simulation seed " + seed + " " + scenario.name();
            Correlator oracle = (alert, open, graph) -> {
                String truth = truthOfAlert.get(alert.occurrenceId());
                String join = null;
                for (Incident incident : open) {
                    boolean together = truthOfIncident.get(incident.id()).equals(truth);
                    pairs.add(new TrainingPair(Features.of(alert, incident, graph), together, source));
                    if (together) join = incident.id();
                }
                return new Correlator.Decision(join, 1, "truth", "oracle");
            };
            AtomicInteger ids = new AtomicInteger();
            IncidentBook book = new IncidentBook(oracle, () -> Simulation.GRAPH, () -> "i" + ids.incrementAndGet());
            for (Labelled l : run) {
                truthOfAlert.put(l.alert().occurrenceId(), l.truth());
                IncidentBook.Result result = book.accept(l.alert());
                if (result.incident() != null)
                    truthOfIncident.putIfAbsent(result.incident().id(), l.truth());
            }
        }
        return pairs;
    }

    static final int MAX_DELAY_SECONDS = 90;

    /** The events with each fingerprint's delayed by its own random delay, in the order of their new times. */
    static List<Labelled> delayed(List<Labelled> events, SplittableRandom random) {
        Map<String, Integer> delays = new HashMap<>();
        List<Labelled> shifted = new ArrayList<>();
        for (Labelled l : events) {
            Alert a = l.alert();
            int d = delays.computeIfAbsent(a.fingerprint(), f -> random.nextInt(MAX_DELAY_SECONDS + 1));
            shifted.add(new Labelled(
                    new Alert(
                            a.fingerprint(),
                            a.status(),
                            a.labels(),
                            a.annotations(),
                            a.startsAt().plusSeconds(d),
                            a.endsAt() == null ? null : a.endsAt().plusSeconds(d),
                            a.source(),
                            a.generatorUrl()),
                    l.truth()));
        }
        shifted.sort(java.util.Comparator.comparing(
                l -> l.alert().endsAt() != null ? l.alert().endsAt() : l.alert().startsAt()));
        return shifted;
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        List<Scenario> scenarios = scenarios(seed);
        System.err.printf("bench-incidents: %d scenarios, 4 correlators%n", scenarios.size());
        LearnedCorrelator model = LearnedCorrelator.train(CorrelatorTraining.simulatedPairs(), 1, Instant.now());
        java.util.function.Supplier<Correlator> learned = () -> model;
        List<Run> runs = runs(scenarios, seed);
        List<Result> results = List.of(
                evaluate("outrider rules/1", RuleCorrelator::new, runs),
                evaluate("outrider learned (trained on seeds " + TrainingData.SEEDS + ")", learned, runs),
                evaluate("alertmanager group_by service, 5 min", Baselines::alertmanager, runs),
                evaluate("time window 5 min", Baselines::timeWindow, runs));
        System.out.println(
                "| correlator | alerts | incidents | compression | precision | recall | F1 | AC@1 | AC@3 | Avg@5 | p99 per alert |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results)
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f%% | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f µs |%n",
                    r.correlator(),
                    r.alerts(),
                    r.incidents(),
                    100 * r.compression(),
                    r.precision(),
                    r.recall(),
                    r.f1(),
                    r.ac1(),
                    r.ac3(),
                    r.avg5(),
                    r.p99Micros());
    }
}
