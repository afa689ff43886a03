package io.outrider.logistics.pricing;

import io.outrider.logistics.control.Switches;
import io.outrider.logistics.platform.Downstream;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.ServiceMetrics;
import io.outrider.logistics.platform.ServiceName;
import io.prometheus.metrics.core.metrics.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * pricing-service: the delivery fee, the base tariff times a surge multiplier from demand (its own quotes of the
 * last minute per area) and supply (free riders per area, asked of rider-service every few seconds). The
 * {@code pricing.surge} switch turns surge off.
 */
public final class PricingService implements AutoCloseable {

    /** What to price. */
    public record PriceRequest(String city, String area, double distanceKm) {}

    /** A fee and its parts. */
    public record Quote(double fee, double baseFee, double surge, String source) {}

    /** Free riders per area of one city, as rider-service reports them. */
    public record Supply(Map<String, Integer> freeRidersByArea) {}

    public static final String SURGE_SWITCH = "pricing.surge";

    private final Switches switches;
    private final Clock clock;
    private final List<String> cities;
    private final Downstream downstream;
    private final Map<String, Deque<Instant>> demand = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> supply = new ConcurrentHashMap<>();
    private final Gauge surgeGauge;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("supply").factory());

    public PricingService(
            Switches switches, Clock clock, List<String> cities, Downstream downstream, ServiceMetrics metrics) {
        this.switches = switches.define(SURGE_SWITCH, true);
        this.clock = clock;
        this.cities = cities;
        this.downstream = downstream;
        this.surgeGauge = Gauge.builder()
                .name("logistics_pricing_surge")
                .help("Last surge multiplier quoted, per city and area")
                .labelNames("city", "area")
                .register(metrics.registry());
    }

    public void mount(HttpApp app) {
        app.route("POST", "/price", request -> quote(request.body(PriceRequest.class)));
    }

    /** Starts asking rider-service for supply every {@code period}. */
    public PricingService refreshSupplyEvery(Duration period) {
        refresher.scheduleWithFixedDelay(this::refreshSupply, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void refreshSupply() {
        for (String city : cities) {
            try {
                supply.put(
                        city,
                        downstream
                                .get(ServiceName.RIDER, city, "/riders/supply?city=" + city, Supply.class)
                                .freeRidersByArea());
            } catch (Downstream.CallFailed e) {
                // keep the last known supply; the failed call is traced and counted
            }
        }
    }

    Quote quote(PriceRequest request) {
        if (!cities.contains(request.city()))
            throw HttpError.badRequest("unknown city " + request.city() + "; cities: " + cities);
        if (request.distanceKm() < 0 || request.distanceKm() > 100)
            throw HttpError.badRequest("distanceKm not in 0..100: " + request.distanceKm());
        Instant now = clock.instant();
        String key = request.city() + "/" + request.area();
        int ordersLastMinute = recordDemand(key, now);
        double base = BasePrices.fee(request.city(), request.distanceKm());
        double surge = 1.0;
        if (switches.bool(SURGE_SWITCH, now)) {
            int free = supply.getOrDefault(request.city(), Map.of()).getOrDefault(request.area(), 0);
            surge = Surge.multiplier(ordersLastMinute, free);
        }
        surgeGauge.labelValues(request.city(), request.area()).set(surge);
        return new Quote(Math.round(base * surge * 10) / 10.0, base, surge, "pricing");
    }

    private int recordDemand(String key, Instant now) {
        Deque<Instant> window = demand.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (window) {
            window.addLast(now);
            Instant cutoff = now.minusSeconds(60);
            while (!window.isEmpty() && window.peekFirst().isBefore(cutoff)) window.removeFirst();
            return window.size();
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
