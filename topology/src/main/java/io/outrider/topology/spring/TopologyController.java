package io.outrider.topology.spring;

import io.outrider.topology.graph.Edge;
import io.outrider.topology.graph.ServiceGraph;
import io.outrider.topology.graph.TopologyStore;
import io.outrider.topology.report.ReportStore;
import io.outrider.topology.rollup.LatencyStats;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dependency graph over a window ({@code from}/{@code to}: ISO-8601 instants or epoch ms; default the last 15
 * minutes): {@code GET /api/topology}, {@code GET /api/topology/services/{service}},
 * {@code GET /api/topology/paths?source=&target=}.
 */
@RestController
class TopologyController {

    private final TopologyStore store;
    private final ReportStore reports;
    private final Clock clock;

    TopologyController(TopologyStore store, ReportStore reports, Clock clock) {
        this.store = store;
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/api/topology")
    ResponseEntity<?> graph(@RequestParam(required = false) String from, @RequestParam(required = false) String to)
            throws IOException {
        Window window = window(from, to);
        if (window.error() != null) return ResponseEntity.badRequest().body(Map.of("error", window.error()));
        ServiceGraph graph = store.graph(window.from(), window.to());
        List<Map<String, Object>> edges = new ArrayList<>();
        graph.edges().forEach((edge, stats) -> edges.add(edge(edge, stats)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", window.from().toString());
        body.put("to", window.to().toString());
        body.put("services", graph.services());
        body.put("edges", edges);
        return ResponseEntity.ok(body);
    }

    @GetMapping("/api/topology/services/{service}")
    ResponseEntity<?> service(
            @PathVariable String service,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to)
            throws IOException {
        Window window = window(from, to);
        if (window.error() != null) return ResponseEntity.badRequest().body(Map.of("error", window.error()));
        ServiceGraph graph = store.graph(window.from(), window.to());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("known", graph.services().contains(service));
        body.put("callers", graph.callersOf(service));
        body.put("callees", graph.calleesOf(service));
        body.put("upstream", graph.upstream(service));
        body.put("downstream", graph.downstream(service));
        List<Map<String, Object>> instances = new ArrayList<>();
        reports.instances(service, window.from(), window.to())
                .forEach((ip, instance) -> instances.add(ReportController.instance(ip, instance, window)));
        body.put("instances", instances);
        return ResponseEntity.ok(body);
    }

    @GetMapping("/api/topology/paths")
    ResponseEntity<?> paths(
            @RequestParam String source,
            @RequestParam String target,
            @RequestParam(defaultValue = "6") int maxHops,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to)
            throws IOException {
        Window window = window(from, to);
        if (window.error() != null) return ResponseEntity.badRequest().body(Map.of("error", window.error()));
        if (maxHops < 1 || maxHops > 12)
            return ResponseEntity.badRequest().body(Map.of("error", "maxHops must be 1..12"));
        ServiceGraph graph = store.graph(window.from(), window.to());
        return ResponseEntity.ok(
                Map.of("source", source, "target", target, "paths", graph.paths(source, target, maxHops)));
    }

    private static Map<String, Object> edge(Edge edge, LatencyStats stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("caller", edge.caller());
        out.put("callee", edge.callee());
        out.put("calls", stats.calls());
        out.put("failures", stats.failures());
        out.put("errorRate", stats.calls() == 0 ? 0 : (double) stats.failures() / stats.calls());
        out.put("meanMs", stats.meanMicros() / 1000);
        out.put("p50Ms", stats.percentileMicros(50) / 1000.0);
        out.put("p95Ms", stats.percentileMicros(95) / 1000.0);
        out.put("p99Ms", stats.percentileMicros(99) / 1000.0);
        out.put("maxMs", stats.maxMicros() / 1000.0);
        return out;
    }

    private Window window(@Nullable String from, @Nullable String to) {
        return Window.of(from, to, clock);
    }
}
