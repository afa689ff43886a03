package io.outrider.topology.graph;

import io.outrider.topology.rollup.LatencyStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dependency graph over a window: services, and for each caller → callee edge the merged figures of every
 * minute in the window. Graph queries for root-cause analysis: direct callers and callees, everything upstream
 * (that depends on a service) and downstream (that it depends on), and the call paths between two services.
 */
public final class ServiceGraph {

    private final Map<Edge, LatencyStats> edges;
    private final Map<String, Set<String>> callees = new TreeMap<>();
    private final Map<String, Set<String>> callers = new TreeMap<>();

    public ServiceGraph(Map<Edge, LatencyStats> edges) {
        this.edges = new LinkedHashMap<>(edges);
        for (Edge edge : edges.keySet()) {
            callees.computeIfAbsent(edge.caller(), s -> new TreeSet<>()).add(edge.callee());
            callers.computeIfAbsent(edge.callee(), s -> new TreeSet<>()).add(edge.caller());
            callees.computeIfAbsent(edge.callee(), s -> new TreeSet<>());
            callers.computeIfAbsent(edge.caller(), s -> new TreeSet<>());
        }
    }

    public Set<String> services() {
        return new TreeSet<>(callees.keySet());
    }

    public Map<Edge, LatencyStats> edges() {
        return edges;
    }

    public Set<String> callersOf(String service) {
        return callers.getOrDefault(service, Set.of());
    }

    public Set<String> calleesOf(String service) {
        return callees.getOrDefault(service, Set.of());
    }

    /** Every service that calls {@code service}, directly or through others. */
    public Set<String> upstream(String service) {
        return reach(service, callers);
    }

    /** Every service {@code service} calls, directly or through others. */
    public Set<String> downstream(String service) {
        return reach(service, callees);
    }

    private static Set<String> reach(String start, Map<String, Set<String>> next) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(next.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String service = todo.poll();
            if (service.equals(start) || !seen.add(service)) continue;
            todo.addAll(next.getOrDefault(service, Set.of()));
        }
        return seen;
    }

    /** The call paths from {@code from} to {@code to} without repeating a service, at most {@code maxHops} long. */
    public List<List<String>> paths(String from, String to, int maxHops) {
        List<List<String>> paths = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        path.addLast(from);
        walk(from, to, maxHops, path, paths);
        return paths;
    }

    private void walk(String at, String to, int hopsLeft, Deque<String> path, List<List<String>> paths) {
        if (at.equals(to) && path.size() > 1) {
            paths.add(List.copyOf(path));
            return;
        }
        if (hopsLeft == 0 || paths.size() >= 100) return;
        for (String next : calleesOf(at)) {
            if (path.contains(next) && !next.equals(to)) continue;
            if (path.contains(next)) continue;
            path.addLast(next);
            walk(next, to, hopsLeft - 1, path, paths);
            path.removeLast();
        }
    }
}
