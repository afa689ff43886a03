package io.outrider.dedup.correlate;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Who calls whom (from the topology), with the distances correlation needs. */
public final class CallGraph {

    public static final CallGraph EMPTY = new CallGraph(Map.of());

    private final Map<String, Set<String>> callees;
    private final Map<String, Set<String>> neighbours = new HashMap<>();

    public CallGraph(Map<String, Set<String>> callees) {
        this.callees = Map.copyOf(callees);
        callees.forEach((caller, targets) -> {
            for (String callee : targets) {
                neighbours.computeIfAbsent(caller, k -> new HashSet<>()).add(callee);
                neighbours.computeIfAbsent(callee, k -> new HashSet<>()).add(caller);
            }
        });
    }

    /** Hops between two services, either direction of calls; -1 when more than {@code max} apart or unknown. */
    public int hops(String from, String to, int max) {
        if (from.equals(to)) return 0;
        Set<String> seen = new HashSet<>(Set.of(from));
        ArrayDeque<String> frontier = new ArrayDeque<>(Set.of(from));
        for (int depth = 1; depth <= max && !frontier.isEmpty(); depth++) {
            ArrayDeque<String> next = new ArrayDeque<>();
            for (String service : frontier)
                for (String n : neighbours.getOrDefault(service, Set.of())) {
                    if (n.equals(to)) return depth;
                    if (seen.add(n)) next.add(n);
                }
            frontier = next;
        }
        return -1;
    }

    /** Caller → callees. */
    public Map<String, Set<String>> calls() {
        return callees;
    }

    /** These services and every service within {@code max} hops of one of them, either direction of calls. */
    public Set<String> neighbourhood(Set<String> services, int max) {
        Set<String> found = new HashSet<>(services);
        ArrayDeque<String> frontier = new ArrayDeque<>(services);
        for (int depth = 1; depth <= max && !frontier.isEmpty(); depth++) {
            ArrayDeque<String> next = new ArrayDeque<>();
            for (String service : frontier)
                for (String n : neighbours.getOrDefault(service, Set.of())) if (found.add(n)) next.add(n);
            frontier = next;
        }
        return found;
    }

    /** Whether both call (directly or through others, up to {@code max} hops down) a same service. */
    public boolean sharedDownstream(String a, String b, int max) {
        Set<String> down = downstream(a, max);
        for (String s : downstream(b, max)) if (down.contains(s)) return true;
        return false;
    }

    private Set<String> downstream(String service, int max) {
        Set<String> found = new HashSet<>();
        ArrayDeque<String> frontier = new ArrayDeque<>(Set.of(service));
        for (int depth = 1; depth <= max && !frontier.isEmpty(); depth++) {
            ArrayDeque<String> next = new ArrayDeque<>();
            for (String s : frontier)
                for (String callee : callees.getOrDefault(s, Set.of())) if (found.add(callee)) next.add(callee);
            frontier = next;
        }
        return found;
    }
}
