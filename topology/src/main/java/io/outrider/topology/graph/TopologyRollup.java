package io.outrider.topology.graph;

import io.outrider.core.trace.MessageTree;
import io.outrider.topology.rollup.LatencyStats;
import io.outrider.topology.rollup.Rollup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dependency graph as a rollup: per minute, each caller → callee edge's calls, failures and latencies. */
public final class TopologyRollup implements Rollup {

    public static final String INDEX_PREFIX = "outrider-topology-";
    public static final String GROUP = "outrider-topology";

    @Override
    public String name() {
        return "topology";
    }

    @Override
    public String indexPrefix() {
        return INDEX_PREFIX;
    }

    @Override
    public boolean concerns(MessageTree tree) {
        return !Calls.of(tree).isEmpty();
    }

    @Override
    public Minute empty() {
        return new Edges();
    }

    @Override
    public Minute read(List<?> entries) {
        Edges edges = new Edges();
        for (Object e : entries) if (e instanceof Map<?, ?> entry) edges.merge(entry);
        return edges;
    }

    /** One minute's edges. */
    static final class Edges implements Minute {
        final Map<Edge, LatencyStats> edges = new LinkedHashMap<>();

        void merge(Map<?, ?> entry) {
            edges.computeIfAbsent(edge(entry), e -> new LatencyStats()).merge(LatencyStats.fromDocument(entry));
        }

        @Override
        public void add(MessageTree tree) {
            for (Calls.Call call : Calls.of(tree))
                edges.computeIfAbsent(new Edge(call.caller(), call.callee()), e -> new LatencyStats())
                        .record(call.durationMicros(), call.failed());
        }

        @Override
        public List<Map<String, Object>> entries() {
            List<Map<String, Object>> out = new ArrayList<>();
            edges.forEach((edge, stats) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("caller", edge.caller());
                e.put("callee", edge.callee());
                e.putAll(stats.toDocument());
                out.add(e);
            });
            return out;
        }

        @Override
        public Set<String> services() {
            Set<String> services = new LinkedHashSet<>();
            for (Edge edge : edges.keySet()) {
                services.add(edge.caller());
                services.add(edge.callee());
            }
            return services;
        }
    }

    static Edge edge(Map<?, ?> entry) {
        return new Edge(String.valueOf(entry.get("caller")), String.valueOf(entry.get("callee")));
    }
}
