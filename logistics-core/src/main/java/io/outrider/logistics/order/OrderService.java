package io.outrider.logistics.order;

import com.dianping.cat.Cat;
import io.outrider.logistics.city.GeoPoint;
import io.outrider.logistics.city.Weather;
import io.outrider.logistics.eta.EtaFormula;
import io.outrider.logistics.eta.EtaService;
import io.outrider.logistics.platform.Downstream;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.Instrumentation;
import io.outrider.logistics.platform.ServiceMetrics;
import io.outrider.logistics.platform.ServiceName;
import io.outrider.logistics.pricing.BasePrices;
import io.outrider.logistics.pricing.PricingService;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * order-service: order intake per city (create, cancel, status) and the order's life as dispatch and riders move
 * it. Creating an order asks pricing-service for the fee and eta-service for the promised delivery time, falling
 * back to the base price table and the ETA formula when they fail. The business resource {@code order.create}
 * takes the city as argument 0, for per-city hot-parameter limits.
 */
public final class OrderService {

    /** A new order. */
    public record CreateOrder(String city, GeoPoint pickup, GeoPoint dropoff) {}

    /** An order as callers see it. */
    public record OrderView(
            String id,
            String city,
            GeoPoint pickup,
            GeoPoint dropoff,
            double fee,
            double etaMinutes,
            String status,
            @Nullable String riderId,
            Instant createdAt) {}

    public record OpenOrders(List<OrderView> orders) {}

    public record Assignment(String riderId) {}

    /** The business resource of order intake. */
    public static final String CREATE_RESOURCE = "order.create";

    static final int MAX_KEPT = 50_000;
    /** An order no rider took within this many simulated minutes is cancelled, as a customer would give up. */
    static final double GIVE_UP_MINUTES = 20;

    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> cities;
    private final Downstream downstream;
    private final Clock clock;
    private final double timeScale;
    private final Counter created;
    private final Counter rejected;
    private final Counter dispatched;
    private final Counter delivered;
    private final Counter onTime;
    private final Counter fallbacks;
    private final Histogram dispatchSeconds;
    private final Histogram deliveryMinutes;
    private final Gauge open;

    public OrderService(
            List<String> cities, Downstream downstream, Clock clock, double timeScale, ServiceMetrics metrics) {
        this.cities = cities;
        this.downstream = downstream;
        this.clock = clock;
        this.timeScale = timeScale;
        var registry = metrics.registry();
        created = Counter.builder()
                .name("logistics_orders_created_total")
                .help("Orders accepted")
                .labelNames("city")
                .register(registry);
        rejected = Counter.builder()
                .name("logistics_orders_rejected_total")
                .help("Orders refused, by reason")
                .labelNames("city", "reason")
                .register(registry);
        dispatched = Counter.builder()
                .name("logistics_orders_dispatched_total")
                .help("Orders assigned to a rider")
                .labelNames("city")
                .register(registry);
        delivered = Counter.builder()
                .name("logistics_orders_delivered_total")
                .help("Orders delivered")
                .labelNames("city")
                .register(registry);
        onTime = Counter.builder()
                .name("logistics_orders_on_time_total")
                .help("Orders delivered within the promised time")
                .labelNames("city")
                .register(registry);
        fallbacks = Counter.builder()
                .name("logistics_order_fallbacks_total")
                .help("Fees or ETAs from a fallback because a dependency failed")
                .labelNames("dependency")
                .register(registry);
        dispatchSeconds = Histogram.builder()
                .name("logistics_dispatch_latency_seconds")
                .help("From order created to rider assigned (real seconds)")
                .labelNames("city")
                .classicUpperBounds(0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60)
                .register(registry);
        deliveryMinutes = Histogram.builder()
                .name("logistics_delivery_minutes")
                .help("From order created to delivered (simulated minutes)")
                .labelNames("city")
                .classicUpperBounds(10, 15, 20, 25, 30, 35, 40, 50, 60, 90)
                .register(registry);
        open = Gauge.builder()
                .name("logistics_orders_open")
                .help("Orders waiting for a rider")
                .labelNames("city")
                .register(registry);
    }

    /** Starts cancelling orders that waited too long for a rider. */
    public OrderService start(java.util.concurrent.ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::giveUpOnWaiting, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        return this;
    }

    void giveUpOnWaiting() {
        Instant cutoff = clock.instant().minusMillis((long) (GIVE_UP_MINUTES * 60_000 / timeScale));
        for (Order order : orders.values()) {
            if (order.status() != Order.Status.OPEN || !order.createdAt.isBefore(cutoff)) continue;
            try {
                order.cancel();
                rejected.labelValues(order.city, "no_rider").inc();
                Cat.logEvent("Order", "GaveUp", "no_rider", order.id);
            } catch (IllegalStateException raced) {
                // assigned meanwhile
            }
        }
    }

    public void mount(HttpApp app) {
        app.route("POST", "/orders", request -> {
            CreateOrder order = request.body(CreateOrder.class);
            return HttpApp.Response.json(201, create(order));
        });
        app.route("GET", "/orders/open", request -> openOrders(request.query("city"), request.query("limit")));
        app.route("GET", "/orders/{id}", request -> view(find(request.path("id"))));
        app.route("POST", "/orders/{id}/cancel", request -> transition(request.path("id"), Order::cancel));
        app.route("POST", "/orders/{id}/assigned", request -> {
            Assignment assignment = request.body(Assignment.class);
            Order order = find(request.path("id"));
            Instant now = clock.instant();
            apply(order, o -> o.assign(assignment.riderId(), now));
            dispatched.labelValues(order.city).inc();
            dispatchSeconds
                    .labelValues(order.city)
                    .observe(Duration.between(order.createdAt, now).toMillis() / 1000.0);
            Cat.logMetricForCount("order.dispatched");
            return view(order);
        });
        app.route("POST", "/orders/{id}/picked-up", request -> transition(request.path("id"), Order::pickUp));
        app.route("POST", "/orders/{id}/delivered", request -> {
            Order order = find(request.path("id"));
            Instant now = clock.instant();
            apply(order, o -> o.deliver(now));
            double minutes = Duration.between(order.createdAt, now).toMillis() / 60_000.0 * timeScale;
            delivered.labelValues(order.city).inc();
            deliveryMinutes.labelValues(order.city).observe(minutes);
            if (minutes <= order.etaMinutes) onTime.labelValues(order.city).inc();
            Cat.logMetricForCount("order.delivered");
            Cat.logMetricForDuration("order.delivery.minutes", Math.round(minutes));
            return view(order);
        });
    }

    OrderView create(CreateOrder request) throws Exception {
        if (!cities.contains(request.city())) {
            rejected.labelValues("unknown", "unknown_city").inc();
            throw HttpError.badRequest("unknown city " + request.city() + "; cities: " + cities);
        }
        try {
            return Instrumentation.guard(CREATE_RESOURCE, request.city(), () -> {
                double distance = request.pickup().roadKmTo(request.dropoff());
                double fee = price(request, distance);
                double eta = eta(request.city(), distance);
                Instant now = clock.instant();
                Order order = new Order(
                        request.city() + "-" + sequence.incrementAndGet(), // digits: call names fold it into {id}
                        request.city(),
                        request.pickup(),
                        request.dropoff(),
                        fee,
                        eta,
                        now);
                orders.put(order.id, order);
                created.labelValues(order.city).inc();
                Cat.logMetricForCount("order.created");
                evictOld();
                return view(order);
            });
        } catch (com.alibaba.csp.sentinel.slots.block.BlockException e) {
            rejected.labelValues(request.city(), "throttled").inc();
            throw e;
        }
    }

    private double price(CreateOrder request, double distance) {
        try {
            return downstream
                    .post(
                            ServiceName.PRICING,
                            request.city(),
                            "/price",
                            new PricingService.PriceRequest(
                                    request.city(), request.pickup().area(), distance),
                            PricingService.Quote.class)
                    .fee();
        } catch (Downstream.CallFailed e) {
            fallbacks.labelValues("pricing").inc();
            return BasePrices.fee(request.city(), distance);
        }
    }

    private double eta(String city, double distance) {
        int hour = clock.instant().atZone(ZoneOffset.ofHours(8)).getHour();
        try {
            return downstream
                    .post(
                            ServiceName.ETA,
                            city,
                            "/eta",
                            new EtaService.EtaRequest(city, distance, hour, "clear", 1.0),
                            EtaService.Estimate.class)
                    .minutes();
        } catch (Downstream.CallFailed e) {
            fallbacks.labelValues("eta").inc();
            return EtaFormula.minutes(distance, hour, Weather.CLEAR, 1.0);
        }
    }

    OpenOrders openOrders(@Nullable String city, @Nullable String limit) {
        if (city == null || !cities.contains(city))
            throw HttpError.badRequest("unknown city " + city + "; cities: " + cities);
        int max = limit == null ? 200 : Integer.parseInt(limit);
        List<Order> waiting = orders.values().stream()
                .filter(o -> o.city.equals(city) && o.status() == Order.Status.OPEN)
                .sorted(Comparator.comparing(o -> o.createdAt))
                .toList();
        open.labelValues(city).set(waiting.size());
        return new OpenOrders(
                waiting.stream().limit(max).map(OrderService::view).toList());
    }

    private OrderView transition(String id, java.util.function.Consumer<Order> change) {
        Order order = find(id);
        apply(order, change);
        return view(order);
    }

    private static void apply(Order order, java.util.function.Consumer<Order> change) {
        try {
            change.accept(order);
        } catch (IllegalStateException e) {
            throw new HttpError(409, String.valueOf(e.getMessage()));
        }
    }

    private Order find(String id) {
        Order order = orders.get(id);
        if (order == null) throw HttpError.notFound("no order " + id);
        return order;
    }

    /** Keeps memory bounded: past {@value #MAX_KEPT} orders, finished ones go, oldest first. */
    private void evictOld() {
        if (orders.size() <= MAX_KEPT) return;
        orders.values().stream()
                .filter(o -> o.status() == Order.Status.DELIVERED || o.status() == Order.Status.CANCELLED)
                .sorted(Comparator.comparing(o -> o.createdAt))
                .limit(orders.size() - MAX_KEPT + MAX_KEPT / 10)
                .toList()
                .forEach(o -> orders.remove(o.id));
    }

    static OrderView view(Order order) {
        return new OrderView(
                order.id,
                order.city,
                order.pickup,
                order.dropoff,
                order.fee,
                order.etaMinutes,
                order.status().name().toLowerCase(),
                order.riderId(),
                order.createdAt);
    }
}
