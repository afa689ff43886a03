package io.outrider.alert.eval;

import io.outrider.alert.rule.RuleFiles;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.testing.TestClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How many series the engine evaluates per 10 s window on one core: {@code SERIES} endpoint series (requests of
 * {@code SERIES / 10} services with 10 endpoints each, 5 requests per endpoint and window) and as many metric series,
 * under one rule of every type at endpoint level (threshold, change, anomaly, burn rate, absence, composite). The
 * engine runs on this one thread; CPU time is measured separately for folding the data into windows and for
 * closing the windows and evaluating the rules. Prints the series one core could evaluate within one 10 s window.
 *
 * <p>Run: {@code scripts/bench-alerts [SERIES] [WINDOWS]}.
 */
public final class EvaluationBench {

    private static final String RULES = """
            rules:
              - { name: Errors, type: threshold, query: { metric: error_ratio, by: [service, endpoint], min_count: 3 },
                  window: 10s, op: ">", value: 0.5, labels: { symptom: errors, severity: critical } }
              - { name: Drop, type: change, query: { metric: requests, by: [service, endpoint] }, window: 10s,
                  direction: drop, percent: 50, baseline: 6, min_baseline: 2, labels: { symptom: traffic, severity: warning } }
              - { name: Slow, type: anomaly, query: { metric: latency_p99_ms, by: [service, endpoint] }, window: 10s,
                  labels: { symptom: latency, severity: warning } }
              - { name: Budget, type: burn_rate, query: { by: [service, endpoint] }, window: 10s, objective: availability,
                  target: 0.99, labels: { symptom: errors, severity: critical } }
              - { name: Gone, type: absence, query: { metric: queue_depth, by: [service, instance] }, window: 10s,
                  intervals: 3, labels: { symptom: heartbeat, severity: critical } }
              - { name: Both, type: composite, all: [Errors, Slow], on: [service], window: 10s,
                  labels: { symptom: errors, severity: critical } }
            """;

    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int warmUp = Math.min(30, windows / 3);
        TestClock clock = new TestClock(Instant.parse("2026-11-24T00:00:00Z"));
        Map<String, Integer> events = new java.util.TreeMap<>();
        AlertEngine engine = new AlertEngine(
                new AlertEngine.Settings("http://console", Duration.ofSeconds(1), 10 * series),
                clock,
                alert -> {
                    if (alert.status() == io.outrider.core.alert.Alert.Status.FIRING)
                        events.merge(alert.labels().get("alertname"), 1, Integer::sum);
                },
                java.util.List::of);
        var parsed = RuleFiles.parse("bench.yml", RULES);
        if (!parsed.ok()) throw new IllegalStateException(parsed.errors().toString());
        engine.setRules(parsed.ruleSet());
        int services = Math.max(1, series / 10);
        SplittableRandom random = new SplittableRandom(42);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long ingestNanos = 0;
        long evaluateNanos = 0;
        long evaluations = 0;
        int measured = 0;
        long sequence = 0;
        System.err.printf(
                Locale.ROOT,
                "bench-alerts: %,d endpoint series + %,d metric series, 6 rules, %d windows (%d warm-up)%n",
                series,
                series,
                windows,
                warmUp);
        for (int w = 0; w < windows; w++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int s = 0; s < series; s++) {
                String service = "svc-" + (s % services);
                String endpoint = "/op-" + (s / services);
                for (int r = 0; r < 5; r++) {
                    long at = clock.millis() + random.nextInt(10_000);
                    Message root = Message.transaction(
                            at,
                            "URL",
                            endpoint,
                            random.nextInt(100) == 0 ? "ERROR" : Message.SUCCESS,
                            "",
                            (20 + random.nextInt(30)) * 1000L,
                            java.util.List.of());
                    engine.add(new MessageTree(
                            service, "h", "10.0.0.1", "", "1", "main", "m" + sequence++, null, null, root));
                }
                engine.add(MetricPoint.of(
                        "queue_depth",
                        Map.of("service", service, "instance", "i-" + (s / services)),
                        clock.millis() + 5_000,
                        random.nextInt(100)));
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            clock.advance(Duration.ofSeconds(10));
            AlertEngine.TickReport report = engine.tick();
            long t2 = cpu.getCurrentThreadCpuTime();
            if (w >= warmUp) {
                ingestNanos += t1 - t0;
                evaluateNanos += t2 - t1;
                evaluations += report.evaluations();
                measured++;
            }
            if ((w + 1) % 10 == 0)
                System.err.printf(
                        Locale.ROOT,
                        "bench-alerts: window %d/%d, last tick %.1f ms CPU, %,d evaluations%n",
                        w + 1,
                        windows,
                        (t2 - t1) / 1e6,
                        report.evaluations());
        }
        double evaluateMs = evaluateNanos / 1e6 / measured;
        double ingestMs = ingestNanos / 1e6 / measured;
        double perWindowEvaluate = series / (evaluateMs / 10_000.0);
        double perWindowBoth = series / ((evaluateMs + ingestMs) / 10_000.0);
        System.out.printf(
                Locale.ROOT, "series per window:                    %,d endpoint + %,d metric%n", series, series);
        System.out.printf(Locale.ROOT, "rule evaluations per window:          %,d (6 rules)%n", evaluations / measured);
        System.out.printf(Locale.ROOT, "CPU per window, close + evaluate:     %.1f ms%n", evaluateMs);
        System.out.printf(
                Locale.ROOT,
                "CPU per window, folding the data in:  %.1f ms (%,d spans, %,d points)%n",
                ingestMs,
                5L * series,
                (long) series);
        System.out.printf(
                Locale.ROOT,
                "series evaluated per 10 s window on one core (evaluation only): %,.0f%n",
                perWindowEvaluate);
        System.out.printf(
                Locale.ROOT, "series per 10 s window on one core (folding + evaluation):      %,.0f%n", perWindowBoth);
        System.out.printf(
                Locale.ROOT,
                "target: 10,000 -> %.1fx (evaluation), %.1fx (with folding)%n",
                perWindowEvaluate / 10_000,
                perWindowBoth / 10_000);
        // the workload is noise (1 % errors, latencies uniform in 20..50 ms): what fires is the rules' false alarms
        System.out.printf(Locale.ROOT, "firing events during the run, by rule: %s%n", events);
    }
}
