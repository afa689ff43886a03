package io.outrider.drill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A drill: what is injected, for how long, and what Outrider should find — the faulty services (the ground truth of
 * the root cause) and how many incidents (one per independent fault; none when nothing is injected).
 *
 * @param faulty the services at fault, as Outrider names them ({@code pricing-service})
 */
public record Scenario(
        String name, String description, List<Injection> injections, Set<String> faulty, int expectedIncidents) {

    public Scenario {
        injections = List.copyOf(injections);
        faulty = Set.copyOf(faulty);
    }

    /** Something done to the logistics core. */
    public sealed interface Injection {

        /**
         * A fault in one service ({@code POST /faults} on it): {@code body} as its fault API takes it, without the
         * duration (the drill sets it).
         *
         * @param service the service's short name: order, dispatch, rider, eta, pricing
         */
        record Fault(String service, Map<String, Object> body) implements Injection {}

        /** A demand surge in one city ({@code POST /traffic/surges} on the supervisor). */
        record Surge(String city, double factor) implements Injection {}
    }

    /** The drills Outrider ships, by name. */
    public static final List<Scenario> ALL = List.of(
            new Scenario(
                    "slow-eta",
                    "the ETA model answers in 1.5-2 s instead of milliseconds",
                    List.of(new Injection.Fault(
                            "eta", Map.of("type", "latency", "fixedMs", 1500, "jitterMs", 500, "share", 1.0))),
                    Set.of("eta-service"),
                    1),
            new Scenario(
                    "pricing-errors",
                    "pricing fails 60 % of its quotes",
                    List.of(new Injection.Fault("pricing", Map.of("type", "errors", "share", 0.6))),
                    Set.of("pricing-service"),
                    1),
            new Scenario(
                    "rider-down",
                    "rider-service down: it answers every request with an error",
                    List.of(new Injection.Fault("rider", Map.of("type", "errors", "share", 1.0))),
                    Set.of("rider-service"),
                    1),
            new Scenario(
                    "dispatch-cpu",
                    "dispatch-service saturates its CPU with two busy threads",
                    List.of(new Injection.Fault("dispatch", Map.of("type", "cpu", "threads", 2))),
                    Set.of("dispatch-service"),
                    1),
            new Scenario(
                    "holiday-surge",
                    "demand in shanghai triples (a holiday)",
                    List.of(new Injection.Surge("shanghai", 3)),
                    Set.of("order-service"),
                    1),
            new Scenario(
                    "two-faults",
                    "slow ETA and failing pricing at once, independent of each other",
                    List.of(
                            new Injection.Fault(
                                    "eta", Map.of("type", "latency", "fixedMs", 1500, "jitterMs", 500, "share", 1.0)),
                            new Injection.Fault("pricing", Map.of("type", "errors", "share", 0.6))),
                    Set.of("eta-service", "pricing-service"),
                    2),
            new Scenario("noise", "nothing injected: normal traffic only", List.of(), Set.of(), 0));

    public static Scenario named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no drill scenario " + name + "; known: "
                        + ALL.stream().map(Scenario::name).toList()));
    }

    /** How long the faults last (the services' fault API ends them by itself after that, even if the drill dies). */
    public static final Duration FAULT_FOR = Duration.ofMinutes(4);
}
