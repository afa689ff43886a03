package io.outrider.topology.spring;

import io.outrider.topology.report.ReportRollup;
import io.outrider.topology.report.ReportStore;
import io.outrider.topology.rollup.LatencyStats;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service's CAT-style reports over a window ({@code from}/{@code to}; default the last 15 minutes), rows sorted
 * by count: {@code GET /api/reports/{service}/transactions[?type=URL]}, {@code .../events[?type=]},
 * {@code .../problems}, {@code .../business}, and each instance's {@code .../heartbeats}.
 */
@RestController
class ReportController {

    private final ReportStore store;
    private final Clock clock;

    ReportController(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GetMapping("/api/reports/{service}/transactions")
    ResponseEntity<?> transactions(
            @PathVariable String service,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to)
            throws IOException {
        return rows(service, from, to, (rows, window) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            rows.transactions().forEach((key, stats) -> {
                if (type == null || type.equals(key.type())) out.add(transactionRow(key, stats, window.seconds()));
            });
            return out;
        });
    }

    @GetMapping("/api/reports/{service}/events")
    ResponseEntity<?> events(
            @PathVariable String service,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to)
            throws IOException {
        return rows(service, from, to, (rows, window) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            rows.events().forEach((key, counts) -> {
                if (type != null && !type.equals(key.type())) return;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("type", key.type());
                row.put("name", key.name());
                row.put("count", counts[0]);
                row.put("failures", counts[1]);
                row.put("failureRate", counts[0] == 0 ? 0 : (double) counts[1] / counts[0]);
                out.add(row);
            });
            return out;
        });
    }

    @GetMapping("/api/reports/{service}/problems")
    ResponseEntity<?> problems(
            @PathVariable String service,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to)
            throws IOException {
        return rows(service, from, to, (rows, window) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            rows.problems().forEach((key, problem) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", key.type());
                row.put("name", key.name());
                row.put("count", problem.count());
                row.put("sampleMessageId", problem.sample());
                out.add(row);
            });
            return out;
        });
    }

    @GetMapping("/api/reports/{service}/business")
    ResponseEntity<?> business(
            @PathVariable String service,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to)
            throws IOException {
        return rows(service, from, to, (rows, window) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            rows.business().forEach((key, figures) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("metric", key.name());
                row.put("count", (long) figures[0]);
                row.put("sum", figures[1]);
                row.put("durationMs", figures[2]);
                out.add(row);
            });
            return out;
        });
    }

    /** A report of {@code service} over the window, its rows (as {@code toRows} makes them) most frequent first. */
    private ResponseEntity<?> rows(
            String service,
            @Nullable String from,
            @Nullable String to,
            BiFunction<ReportRollup.Rows, Window, List<Map<String, Object>>> toRows)
            throws IOException {
        Window window = Window.of(from, to, clock);
        if (window.error() != null) return ResponseEntity.badRequest().body(Map.of("error", window.error()));
        ReportStore.Report report = store.report(service, window.from(), window.to());
        List<Map<String, Object>> rows = toRows.apply(report.rows(), window);
        rows.sort(Comparator.comparingLong((Map<String, Object> r) -> (Long) r.get("count"))
                .reversed());
        return ResponseEntity.ok(body(service, window, rows));
    }

    /**
     * Each instance's heartbeats: {@code up} when it was heard from within {@value #UP_WITHIN_SECONDS} s of the
     * window's end (CAT clients send one a minute), and its series per minute.
     */
    @GetMapping("/api/reports/{service}/heartbeats")
    ResponseEntity<?> heartbeats(
            @PathVariable String service,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to)
            throws IOException {
        Window window = Window.of(from, to, clock);
        if (window.error() != null) return ResponseEntity.badRequest().body(Map.of("error", window.error()));
        List<Map<String, Object>> rows = new ArrayList<>();
        store.instances(service, window.from(), window.to()).forEach((ip, instance) -> {
            Map<String, Object> row = instance(ip, instance, window);
            Map<String, Object> series = new LinkedHashMap<>();
            instance.series()
                    .forEach((name, values) -> series.put(
                            name,
                            values.stream().map(v -> List.of((long) v[0], v[1])).toList()));
            row.put("series", series);
            rows.add(row);
        });
        return ResponseEntity.ok(body(service, window, rows));
    }

    static final long UP_WITHIN_SECONDS = 150;

    /** An instance's state at the window's end and its headline figures. */
    static Map<String, Object> instance(String ip, ReportStore.Instance instance, Window window) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ip", ip);
        row.put(
                "lastHeartbeat",
                java.time.Instant.ofEpochMilli(instance.lastSeenMillis()).toString());
        row.put("up", instance.lastSeenMillis() >= window.to().toEpochMilli() - UP_WITHIN_SECONDS * 1000);
        for (String figure :
                List.of("jvm_heap_used_bytes", "jvm_heap_max_bytes", "jvm_threads", "system_load_average")) {
            double value = instance.latest(figure);
            if (!Double.isNaN(value)) row.put(figure, value);
        }
        return row;
    }

    private static Map<String, Object> transactionRow(ReportRollup.Key key, LatencyStats stats, double seconds) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", key.type());
        row.put("name", key.name());
        row.put("count", stats.calls());
        row.put("failures", stats.failures());
        row.put("failureRate", stats.calls() == 0 ? 0 : (double) stats.failures() / stats.calls());
        row.put("tps", seconds <= 0 ? 0 : stats.calls() / seconds);
        row.put("minMs", stats.minMicros() / 1000.0);
        row.put("maxMs", stats.maxMicros() / 1000.0);
        row.put("meanMs", stats.meanMicros() / 1000);
        row.put("p50Ms", stats.percentileMicros(50) / 1000.0);
        row.put("p95Ms", stats.percentileMicros(95) / 1000.0);
        row.put("p99Ms", stats.percentileMicros(99) / 1000.0);
        return row;
    }

    private static Map<String, Object> body(String service, Window window, List<Map<String, Object>> rows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("from", window.from().toString());
        body.put("to", window.to().toString());
        body.put("rows", rows);
        return body;
    }
}
