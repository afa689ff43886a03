package io.outrider.drill;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A drill: what is injected, for how long, and what Outrider should find — for each injection the faulty service in
 * its unit (the ground truth of the root cause), and how many incidents (one per independent fault; none when nothing
 * is injected).
 */
public record Scenario(String name, String description, List<Injection> injections, int expectedIncidents) {

    public Scenario {
        injections = List.copyOf(injections);
    }

    /** The services at fault, as Outrider names them ({@code pricing-service}). */
    public Set<String> faulty() {
        Set<String> faulty = new TreeSet<>();
        for (Injection injection : injections) faulty.add(injection.faulty());
        return faulty;
    }

    /** Something done to the logistics core. */
    public sealed interface Injection {

        /** The service at fault, as Outrider names it. */
        String faulty();

        /** The unit (city) it happens in, whose incident should name it; {@code global} when everywhere. */
        String unit();

        /**
         * A fault in one service ({@code POST /faults} on it): {@code body} as its fault API takes it, without the
         * duration (the drill sets it), limited to {@code city}'s requests when one is given.
         *
         * @param service the service's short name: order, dispatch, rider, eta, pricing
         */
        record Fault(String service, @Nullable String city, Map<String, Object> body) implements Injection {
            public Fault(String service, Map<String, Object> body) {
                this(service, null, body);
            }

            public String faulty() {
                return service + "-service";
            }

            public String unit() {
                return city == null ? "global" : city;
            }

            /** The body of {@code POST /faults}, lasting {@code seconds}. */
            public Map<String, Object> request(long seconds) {
                Map<String, Object> request = new HashMap<>(body);
                if (city != null) request.put("city", city);
                request.put("durationSec", seconds);
                return request;
            }
        }

        /** A demand surge in one city ({@code POST /traffic/surges} on the supervisor): order-service takes it. */
        record Surge(String city, double factor) implements Injection {
            public String faulty() {
                return "order-service";
            }

            public String unit() {
                return city;
            }
        }
    }

    /** The drills Outrider ships, by name. */
    public static final List<Scenario> ALL = List.of(
            new Scenario(
                    "slow-eta",
                    "the ETA model answers in 1.5-2 s instead of milliseconds",
                    List.of(new Injection.Fault(
                            "eta", Map.of("type", "latency", "fixedMs", 1500, "jitterMs", 500, "share", 1.0))),
                    1),
            new Scenario(
                    "pricing-errors",
                    "pricing fails 60 % of its quotes",
                    List.of(new Injection.Fault("pricing", Map.of("type", "errors", "share", 0.6))),
                    1),
            new Scenario(
                    "rider-down",
                    "rider-service down: it answers every request with an error",
                    List.of(new Injection.Fault("rider", Map.of("type", "errors", "share", 1.0))),
                    1),
            new Scenario(
                    "dispatch-cpu",
                    "dispatch-service saturates its CPU with two busy threads",
                    List.of(new Injection.Fault("dispatch", Map.of("type", "cpu", "threads", 2))),
                    1),
            new Scenario(
                    "holiday-surge",
                    "demand in shanghai triples (a holiday)",
                    List.of(new Injection.Surge("shanghai", 3)),
                    1),
            new Scenario(
                    "two-faults",
                    "at once and independent of each other: slow ETA in shanghai, failing pricing in beijing",
                    List.of(
                            new Injection.Fault(
                                    "eta",
                                    "shanghai",
                                    Map.of("type", "latency", "fixedMs", 1500, "jitterMs", 500, "share", 1.0)),
                            new Injection.Fault("pricing", "beijing", Map.of("type", "errors", "share", 0.6))),
                    2),
            new Scenario("noise", "nothing injected: normal traffic only", List.of(), 0));

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
