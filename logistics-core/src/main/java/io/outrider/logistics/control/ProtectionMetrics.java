package io.outrider.logistics.control;

import com.alibaba.csp.sentinel.slots.block.degrade.circuitbreaker.CircuitBreaker;
import com.alibaba.csp.sentinel.slots.block.degrade.circuitbreaker.EventObserverRegistry;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protection state as Prometheus sees it: how many rules of each kind are in force (and whether they are
 * time-boxed), each switch's value, and the state of each circuit breaker (0 closed, 1 open, 2 half-open), so that a
 * throttle or an open circuit is visible next to the KPIs it changes.
 */
public final class ProtectionMetrics {

    private final Map<String, CircuitBreaker.State> circuits = new ConcurrentHashMap<>();

    private ProtectionMetrics() {}

    public static void register(
            PrometheusRegistry registry, ControlApi control, Switches switches, Clock clock, String service) {
        ProtectionMetrics metrics = new ProtectionMetrics();
        EventObserverRegistry.getInstance()
                .addStateChangeObserver(
                        "prometheus",
                        (before, after, rule, snapshot) -> metrics.circuits.put(rule.getResource(), after));
        GaugeWithCallback.builder()
                .name("logistics_protection_rules")
                .help("Sentinel rules in force, by kind, and whether they expire by themselves")
                .labelNames("service", "kind", "timeboxed")
                .callback(callback -> control.rulesInForce()
                        .forEach((kind, inForce) -> callback.call(
                                inForce.rules().size(), service, kind, Boolean.toString(inForce.expiresAt() != null))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("logistics_protection_switch")
                .help("Degrade switches: numbers as they are, booleans 1/0, text 1 when not the default")
                .labelNames("service", "switch")
                .callback(callback -> switches.states(clock.instant())
                        .forEach(state -> callback.call(numeric(state), service, state.name())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("logistics_protection_circuit_state")
                .help("Circuit breakers that changed state: 0 closed, 1 open, 2 half-open")
                .labelNames("service", "resource")
                .callback(callback -> metrics.circuits.forEach((resource, state) -> callback.call(
                        switch (state) {
                            case CLOSED -> 0;
                            case OPEN -> 1;
                            case HALF_OPEN -> 2;
                        },
                        service,
                        resource)))
                .register(registry);
    }

    private static double numeric(Switches.State state) {
        return switch (state.value()) {
            case Boolean b -> b ? 1 : 0;
            case Number n -> n.doubleValue();
            default -> state.value().equals(state.defaultValue()) ? 0 : 1;
        };
    }
}
