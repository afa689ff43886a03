package io.outrider.logistics.eta;

import io.outrider.logistics.city.Weather;
import io.outrider.logistics.control.Switches;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.ServiceMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * eta-service: delivery-time estimates, by the model while the {@code eta.model} switch is on and it answers, by
 * the formula otherwise.
 */
public final class EtaService {

    /** What to estimate. */
    public record EtaRequest(
            String city,
            double distanceKm,
            int hour,
            @Nullable String weather,
            double load) {}

    /** An estimate and where it came from ({@code model} or {@code formula}). */
    public record Estimate(double minutes, String source) {}

    public record BatchRequest(List<EtaRequest> requests) {}

    public record BatchEstimate(List<Estimate> estimates) {}

    public static final String MODEL_SWITCH = "eta.model";

    private final @Nullable EtaModel model;
    private final Switches switches;
    private final Clock clock;
    private final Counter estimates;

    public EtaService(@Nullable EtaModel model, Switches switches, Clock clock, ServiceMetrics metrics) {
        this.model = model;
        this.switches = switches.define(MODEL_SWITCH, true);
        this.clock = clock;
        this.estimates = Counter.builder()
                .name("logistics_eta_estimates_total")
                .help("Delivery-time estimates by source (model or formula)")
                .labelNames("source")
                .register(metrics.registry());
    }

    public void mount(HttpApp app) {
        app.route("POST", "/eta", request -> estimate(request.body(EtaRequest.class)));
        app.route("POST", "/eta/batch", request -> {
            BatchRequest batch = request.body(BatchRequest.class);
            if (batch.requests().size() > 5000)
                throw HttpError.badRequest("at most 5000 estimates per batch, got "
                        + batch.requests().size());
            return new BatchEstimate(
                    batch.requests().stream().map(this::estimate).toList());
        });
    }

    Estimate estimate(EtaRequest request) {
        Weather weather = weather(request.weather());
        if (request.distanceKm() < 0 || request.distanceKm() > 100)
            throw HttpError.badRequest("distanceKm not in 0..100: " + request.distanceKm());
        if (request.hour() < 0 || request.hour() > 23)
            throw HttpError.badRequest("hour not in 0..23: " + request.hour());
        if (model != null && switches.bool(MODEL_SWITCH, clock.instant())) {
            try {
                Estimate estimate = new Estimate(
                        model.minutes(request.distanceKm(), request.hour(), weather, request.load()), "model");
                estimates.labelValues("model").inc();
                return estimate;
            } catch (RuntimeException modelFailed) {
                // fall through to the formula
            }
        }
        estimates.labelValues("formula").inc();
        return new Estimate(
                EtaFormula.minutes(request.distanceKm(), request.hour(), weather, request.load()), "formula");
    }

    static Weather weather(@Nullable String name) {
        if (name == null) return Weather.CLEAR;
        try {
            return Weather.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("weather must be clear, rain or storm: " + name);
        }
    }
}
