package io.outrider.logistics.traffic;

import io.outrider.logistics.city.GeoPoint;
import io.outrider.logistics.city.Weather;
import io.outrider.logistics.platform.Instrumentation;
import io.outrider.logistics.platform.Json;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The seeded city simulation that drives the services: orders arrive per city as a Poisson process whose rate is
 * the base rate, times the city's share, times the time of day ({@link DemandProfile}, on the simulated clock),
 * times the weather and any surge in force. Each order is a real {@code POST /orders} to order-service; requests in
 * flight are bounded, and what cannot be sent is counted, never queued without limit.
 */
public final class CityTraffic implements AutoCloseable {

    /** A surge in force: holiday (every city), hot city, or any factor for a while. */
    public record Surge(String id, @Nullable String city, double factor, Instant start, Instant end, String reason) {}

    /** What the simulation is doing now. */
    public record Status(
            double baseRatePerSecond,
            Instant simulatedTime,
            Map<String, String> weather,
            List<Surge> surges,
            Map<String, Double> currentRatePerSecond) {}

    static final Duration TICK = Duration.ofMillis(100);
    static final int MAX_IN_FLIGHT = 256;

    private final String orderServiceUrl;
    private final Map<String, Double> cityShare;
    private final double timeScale;
    private final Instant simulatedStart;
    private final Instant realStart = Instant.now();
    private final SplittableRandom random;
    /** Orders placed ahead for later delivery: a traffic class that can be shed in a surge and placed again. */
    static final double SCHEDULED_SHARE = 0.15;

    private final Map<String, Weather> weather = new ConcurrentHashMap<>();
    private final Map<String, Surge> surges = new ConcurrentHashMap<>();
    private final AtomicLong surgeIds = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("traffic").factory());
    private final Counter sent;
    private volatile double baseRatePerSecond;
    private final boolean dailyProfile;

    /**
     * @param cities cities in order of size; the first gets the largest share
     * @param simulatedStart the simulated time at start (its time of day drives the profile)
     * @param dailyProfile whether demand follows the {@link DemandProfile}; false holds it at the base rate
     */
    public CityTraffic(
            String orderServiceUrl,
            List<String> cities,
            double baseRatePerSecond,
            double timeScale,
            Instant simulatedStart,
            boolean dailyProfile,
            long seed,
            PrometheusRegistry registry) {
        if (baseRatePerSecond < 0) throw new IllegalArgumentException("rate < 0: " + baseRatePerSecond);
        this.orderServiceUrl = orderServiceUrl;
        this.baseRatePerSecond = baseRatePerSecond;
        this.timeScale = timeScale;
        this.simulatedStart = simulatedStart;
        this.dailyProfile = dailyProfile;
        this.random = new SplittableRandom(seed);
        this.cityShare = shares(cities);
        cities.forEach(c -> weather.put(c, Weather.CLEAR));
        this.sent = Counter.builder()
                .name("logistics_traffic_orders_total")
                .help(
                        "Orders the simulation sent, by city and outcome (accepted, throttled, rejected, failed, dropped)")
                .labelNames("city", "outcome")
                .register(registry);
    }

    private static Map<String, Double> shares(List<String> cities) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double total = 0;
        for (int i = 0; i < cities.size(); i++) total += 1.0 / (i + 1);
        for (int i = 0; i < cities.size(); i++) shares.put(cities.get(i), (1.0 / (i + 1)) / total);
        return shares;
    }

    public CityTraffic start() {
        ticker.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public void setBaseRate(double ordersPerSecond) {
        if (ordersPerSecond < 0 || ordersPerSecond > 10_000)
            throw new IllegalArgumentException("rate not in 0..10000: " + ordersPerSecond);
        baseRatePerSecond = ordersPerSecond;
    }

    public void setWeather(String city, Weather w) {
        if (!weather.containsKey(city))
            throw new IllegalArgumentException("unknown city " + city + "; cities: " + weather.keySet());
        weather.put(city, w);
    }

    /** Multiplies demand by {@code factor} in {@code city} (all cities when null) for {@code duration}. */
    public Surge surge(@Nullable String city, double factor, Duration duration, String reason) {
        if (city != null && !weather.containsKey(city))
            throw new IllegalArgumentException("unknown city " + city + "; cities: " + weather.keySet());
        if (factor <= 0 || factor > 50) throw new IllegalArgumentException("factor not in (0, 50]: " + factor);
        if (duration.isNegative() || duration.isZero() || duration.toHours() > 12)
            throw new IllegalArgumentException("duration not in (0, 12h]: " + duration);
        Instant now = Instant.now();
        Surge surge = new Surge("surge-" + surgeIds.incrementAndGet(), city, factor, now, now.plus(duration), reason);
        surges.put(surge.id(), surge);
        return surge;
    }

    public boolean clearSurge(String id) {
        return surges.remove(id) != null;
    }

    public Status status() {
        Instant now = Instant.now();
        Map<String, Double> rates = new LinkedHashMap<>();
        cityShare.keySet().forEach(city -> rates.put(city, Math.round(rate(city, now) * 100) / 100.0));
        Map<String, String> weatherNow = new LinkedHashMap<>();
        weather.forEach((city, w) -> weatherNow.put(city, w.name().toLowerCase()));
        return new Status(baseRatePerSecond, simulatedNow(now), weatherNow, activeSurges(now), rates);
    }

    Instant simulatedNow(Instant now) {
        long realMillis = Duration.between(realStart, now).toMillis();
        return simulatedStart.plusMillis((long) (realMillis * timeScale));
    }

    double rate(String city, Instant now) {
        int minuteOfDay = simulatedNow(now)
                        .atZone(java.time.ZoneOffset.ofHours(8))
                        .toLocalTime()
                        .toSecondOfDay()
                / 60;
        double factor = (dailyProfile ? DemandProfile.at(minuteOfDay) : 1.0)
                * weather.getOrDefault(city, Weather.CLEAR).demandFactor;
        for (Surge surge : activeSurges(now)) {
            if (surge.city() == null || surge.city().equals(city)) factor *= surge.factor();
        }
        return baseRatePerSecond * cityShare.getOrDefault(city, 0.0) * factor;
    }

    private List<Surge> activeSurges(Instant now) {
        surges.values().removeIf(s -> !now.isBefore(s.end()));
        return new ArrayList<>(surges.values());
    }

    private void tick() {
        Instant now = Instant.now();
        for (String city : cityShare.keySet()) {
            int count = poisson(rate(city, now) * TICK.toMillis() / 1000.0);
            for (int i = 0; i < count; i++) send(city);
        }
    }

    private int poisson(double mean) {
        synchronized (random) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int count = 0;
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
            return count;
        }
    }

    private void send(String city) {
        if (!inFlight.tryAcquire()) {
            sent.labelValues(city, "dropped").inc();
            return;
        }
        GeoPoint pickup;
        GeoPoint dropoff;
        boolean scheduled;
        synchronized (random) {
            scheduled = random.nextDouble() < SCHEDULED_SHARE;
            pickup = new GeoPoint(
                    random.nextDouble() * GeoPoint.CITY_SIZE_KM, random.nextDouble() * GeoPoint.CITY_SIZE_KM);
            double angle = random.nextDouble() * 2 * Math.PI;
            double km = 1 + random.nextDouble() * 3;
            dropoff = new GeoPoint(clamp(pickup.x() + Math.cos(angle) * km), clamp(pickup.y() + Math.sin(angle) * km));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(orderServiceUrl + "/orders"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-Traffic-Class", scheduled ? "scheduled" : "instant")
                .header(Instrumentation.CITY_HEADER, city) // the edge names the city, as a gateway routes by unit
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        Json.MAPPER.writeValueAsBytes(Map.of("city", city, "pickup", pickup, "dropoff", dropoff))))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.release();
            String outcome = error != null
                    ? "failed"
                    : response.statusCode() == 201
                            ? "accepted"
                            : response.statusCode() == 429
                                    ? "throttled"
                                    : response.statusCode() < 500 ? "rejected" : "failed";
            sent.labelValues(city, outcome).inc();
        });
    }

    private static double clamp(double km) {
        return Math.max(0, Math.min(GeoPoint.CITY_SIZE_KM, km));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
