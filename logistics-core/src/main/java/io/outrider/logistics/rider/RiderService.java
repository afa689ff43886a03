package io.outrider.logistics.rider;

import io.outrider.logistics.city.GeoPoint;
import io.outrider.logistics.platform.Downstream;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.ServiceMetrics;
import io.outrider.logistics.platform.ServiceName;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * rider-service: the fleet. Riders are placed at seeded positions, accept or reject offers (more often rejected
 * when they already carry orders, always when full), ride to pickups and drop-offs at city speed in simulated
 * time, and tell order-service when they pick up and deliver.
 */
public final class RiderService implements AutoCloseable {

    /** A rider as dispatch sees it. */
    public record RiderView(String id, double x, double y, int load, String state) {}

    public record Available(List<RiderView> riders) {}

    /** An order offered to a rider. */
    public record Offer(String orderId, String city, GeoPoint pickup, GeoPoint dropoff) {}

    public record OfferAnswer(boolean accepted, String reason) {}

    static final double SPEED_KMH = 18;
    static final Duration TICK = Duration.ofMillis(500);

    private final Map<String, List<Rider>> fleets = new LinkedHashMap<>();
    private final Map<String, Rider> byId = new LinkedHashMap<>();
    private final SplittableRandom random;
    private final double timeScale;
    private final Downstream downstream;
    private final Counter offers;
    private final Counter stopsReached;
    private final Gauge utilization;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("riders").factory());
    private final ExecutorService notifier = Executors.newVirtualThreadPerTaskExecutor();

    public RiderService(
            List<String> cities,
            int ridersPerCity,
            long seed,
            double timeScale,
            Downstream downstream,
            ServiceMetrics metrics) {
        this.random = new SplittableRandom(seed);
        this.timeScale = timeScale;
        this.downstream = downstream;
        for (String city : cities) {
            List<Rider> fleet = new ArrayList<>();
            for (int i = 0; i < ridersPerCity; i++) {
                Rider rider = new Rider(
                        city + "-r" + i,
                        city,
                        new GeoPoint(
                                random.nextDouble() * GeoPoint.CITY_SIZE_KM,
                                random.nextDouble() * GeoPoint.CITY_SIZE_KM));
                fleet.add(rider);
                byId.put(rider.id, rider);
            }
            fleets.put(city, fleet);
        }
        offers = Counter.builder()
                .name("logistics_rider_offers_total")
                .help("Offers answered by riders")
                .labelNames("city", "answer")
                .register(metrics.registry());
        stopsReached = Counter.builder()
                .name("logistics_rider_stops_total")
                .help("Pickups and drop-offs reached")
                .labelNames("city", "kind")
                .register(metrics.registry());
        utilization = Gauge.builder()
                .name("logistics_rider_utilization")
                .help("Share of riders carrying at least one order")
                .labelNames("city")
                .register(metrics.registry());
    }

    public void mount(HttpApp app) {
        app.route("GET", "/riders/available", request -> available(city(request.query("city"))));
        app.route("GET", "/riders/supply", request -> supply(city(request.query("city"))));
        app.route("POST", "/riders/{id}/offers", request -> answer(request.path("id"), request.body(Offer.class)));
        app.route("GET", "/riders/summary", request -> summary());
    }

    /** Starts moving the riders. */
    public RiderService start() {
        ticker.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    Available available(String city) {
        return new Available(fleet(city).stream()
                .filter(r -> r.load() < Rider.CAPACITY)
                .map(r -> new RiderView(r.id, r.position().x(), r.position().y(), r.load(), r.state()))
                .toList());
    }

    Map<String, Map<String, Integer>> supply(String city) {
        Map<String, Integer> free = new TreeMap<>();
        for (Rider rider : fleet(city)) {
            if (rider.load() == 0) free.merge(rider.position().area(), 1, Integer::sum);
        }
        return Map.of("freeRidersByArea", free);
    }

    OfferAnswer answer(String riderId, Offer offer) {
        Rider rider = byId.get(riderId);
        if (rider == null) throw HttpError.notFound("no rider " + riderId);
        if (!rider.city.equals(offer.city()))
            throw HttpError.badRequest("rider " + riderId + " works in " + rider.city + ", not " + offer.city());
        int load = rider.load();
        if (load >= Rider.CAPACITY) return answered(rider, false, "full");
        double rejectChance = 0.05 + 0.1 * load;
        boolean reject;
        synchronized (random) {
            reject = random.nextDouble() < rejectChance;
        }
        if (reject) return answered(rider, false, "declined");
        return answered(rider, rider.take(offer.orderId(), offer.pickup(), offer.dropoff()), "accepted");
    }

    private OfferAnswer answered(Rider rider, boolean accepted, String reason) {
        offers.labelValues(rider.city, accepted ? "accepted" : reason).inc();
        return new OfferAnswer(accepted, accepted ? "accepted" : reason);
    }

    Map<String, Map<String, Object>> summary() {
        Map<String, Map<String, Object>> summary = new LinkedHashMap<>();
        fleets.forEach((city, fleet) -> {
            Map<String, Object> counts = new TreeMap<>();
            fleet.forEach(r -> counts.merge(r.state(), 1, (a, b) -> (Integer) a + (Integer) b));
            counts.put("riders", fleet.size());
            summary.put(city, counts);
        });
        return summary;
    }

    void tick() {
        double km = SPEED_KMH * (TICK.toMillis() / 1000.0) * timeScale / 3600;
        fleets.forEach((city, fleet) -> {
            int busy = 0;
            for (Rider rider : fleet) {
                for (Rider.Stop stop : rider.advance(km)) report(city, stop);
                if (rider.load() > 0) busy++;
            }
            utilization.labelValues(city).set((double) busy / fleet.size());
        });
    }

    private void report(String city, Rider.Stop stop) {
        stopsReached.labelValues(city, stop.pickup() ? "pickup" : "dropoff").inc();
        String path = "/orders/" + stop.orderId() + (stop.pickup() ? "/picked-up" : "/delivered");
        notifier.execute(() -> {
            try {
                downstream.post(ServiceName.ORDER, city, path, Map.of(), Map.class);
            } catch (Downstream.CallFailed e) {
                // traced and counted by Downstream; order-service learns at the next event
            }
        });
    }

    private String city(@org.jspecify.annotations.Nullable String city) {
        if (city == null || !fleets.containsKey(city))
            throw HttpError.badRequest("unknown city " + city + "; cities: " + fleets.keySet());
        return city;
    }

    private List<Rider> fleet(String city) {
        List<Rider> fleet = fleets.get(city);
        if (fleet == null) throw HttpError.badRequest("unknown city " + city + "; cities: " + fleets.keySet());
        return fleet;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        notifier.shutdownNow();
    }
}
