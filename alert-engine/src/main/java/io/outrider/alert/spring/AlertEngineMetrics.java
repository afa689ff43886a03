package io.outrider.alert.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.outrider.alert.eval.AlertEngine;
import io.outrider.alert.lifecycle.AlertState;
import io.outrider.alert.rule.RuleCatalog;

/**
 * The engine's own metrics on {@code /actuator/prometheus}: what it took in (and refused as late or over the
 * limit), windows and evaluations, events published and undelivered, alerts tracked per phase, rules in force and
 * rule-file errors.
 */
final class AlertEngineMetrics implements MeterBinder {

    private final AlertEngine engine;
    private final RuleCatalog catalog;
    private final AlertPublisher publisher;

    AlertEngineMetrics(AlertEngine engine, RuleCatalog catalog, AlertPublisher publisher) {
        this.engine = engine;
        this.catalog = catalog;
        this.publisher = publisher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        var in = engine.aggregator();
        FunctionCounter.builder("outrider.alerts.input.trees", in, a -> a.trees())
                .description("Span trees taken into the alert engine's windows")
                .register(registry);
        FunctionCounter.builder("outrider.alerts.input.points", in, a -> a.points())
                .description("Metric points taken into the alert engine's windows")
                .register(registry);
        FunctionCounter.builder("outrider.alerts.input.late", in, a -> a.late())
                .description("Data for windows already closed (dropped)")
                .register(registry);
        FunctionCounter.builder("outrider.alerts.input.dropped", in, a -> a.dropped())
                .description("Data refused: too far ahead of the clock or over the series limit of a window")
                .register(registry);
        FunctionCounter.builder("outrider.alerts.windows.closed", engine, e -> e.windowsClosed())
                .register(registry);
        FunctionCounter.builder("outrider.alerts.evaluations", engine, e -> e.evaluations())
                .description("Rule evaluations of one group in one window")
                .register(registry);
        FunctionCounter.builder("outrider.alerts.events.published", publisher, p -> p.published())
                .description("Alert events delivered to outrider.alerts")
                .register(registry);
        FunctionCounter.builder("outrider.alerts.events.failed", publisher, p -> p.failed())
                .description("Alert events Kafka did not take within the delivery timeout")
                .register(registry);
        for (AlertState.Phase phase : AlertState.Phase.values())
            Gauge.builder(
                            "outrider.alerts.tracked",
                            engine,
                            e -> e.tracked().stream()
                                    .filter(t -> t.phase() == phase)
                                    .count())
                    .tag("phase", phase.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        Gauge.builder("outrider.alerts.rules", catalog, c -> c.current().rules().size())
                .register(registry);
        Gauge.builder("outrider.alerts.rule.errors", catalog, c -> c.errors().size())
                .description("Errors in the rule files now (their last good versions stay in force)")
                .register(registry);
    }
}
