package io.outrider.logistics.dispatch;

import com.dianping.cat.Cat;
import com.dianping.cat.message.Message;
import com.dianping.cat.message.Transaction;
import io.outrider.logistics.city.GeoPoint;
import io.outrider.logistics.control.Switches;
import io.outrider.logistics.eta.EtaService;
import io.outrider.logistics.order.OrderService;
import io.outrider.logistics.platform.Downstream;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.ServiceMetrics;
import io.outrider.logistics.platform.ServiceName;
import io.outrider.logistics.rider.RiderService;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * dispatch-service: every batch window, per city, takes the open orders and the riders with room, estimates each
 * candidate rider's time to the pickup (eta-service, batched), solves the assignment problem on those costs and
 * offers each order to its rider. Rejected offers leave the order open for the next batch (re-dispatch). When ETA
 * estimates cannot be had, or the {@code dispatch.algorithm} switch says {@code greedy}, the nearest free rider
 * takes each order in turn.
 */
public final class DispatchService implements AutoCloseable {

    public static final String WINDOW_SWITCH = "dispatch.batch-window-ms";
    public static final String ALGORITHM_SWITCH = "dispatch.algorithm";

    /** Candidate riders considered per order: the nearest ones. */
    static final int CANDIDATES = 5;

    private final List<String> cities;
    private final Downstream downstream;
    private final Switches switches;
    private final Clock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dispatch").factory());
    private final ExecutorService offers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Long> lastBatchSize = new ConcurrentHashMap<>();
    private final Counter assignments;
    private final Counter offerOutcomes;
    private final Histogram solveSeconds;
    private final Histogram batchSize;

    public DispatchService(
            List<String> cities, Downstream downstream, Switches switches, Clock clock, ServiceMetrics metrics) {
        this.cities = cities;
        this.downstream = downstream;
        this.switches = switches.define(WINDOW_SWITCH, 2000L).define(ALGORITHM_SWITCH, "optimal");
        this.clock = clock;
        var registry = metrics.registry();
        assignments = Counter.builder()
                .name("logistics_dispatch_assignments_total")
                .help("Orders matched to riders, by algorithm")
                .labelNames("city", "algorithm")
                .register(registry);
        offerOutcomes = Counter.builder()
                .name("logistics_dispatch_offers_total")
                .help("Offers made to riders, by outcome")
                .labelNames("city", "outcome")
                .register(registry);
        solveSeconds = Histogram.builder()
                .name("logistics_dispatch_solve_seconds")
                .help("Time to solve one batch")
                .labelNames("algorithm")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1)
                .register(registry);
        batchSize = Histogram.builder()
                .name("logistics_dispatch_batch_orders")
                .help("Open orders per batch")
                .labelNames("city")
                .classicUpperBounds(0, 1, 5, 10, 25, 50, 100, 200)
                .register(registry);
    }

    public void mount(HttpApp app) {
        app.route(
                "GET",
                "/dispatch/status",
                request -> Map.of(
                        "batchWindowMs", switches.number(WINDOW_SWITCH, clock.instant()),
                        "algorithm", switches.text(ALGORITHM_SWITCH, clock.instant()),
                        "lastBatchSize", lastBatchSize));
    }

    /** Starts the batch loop. */
    public DispatchService start() {
        scheduleNext(500);
        return this;
    }

    private void scheduleNext(long delayMs) {
        if (loop.isShutdown()) return;
        loop.schedule(
                () -> {
                    try {
                        cities.forEach(this::dispatchCity);
                    } finally {
                        scheduleNext(Math.max(100, switches.number(WINDOW_SWITCH, clock.instant())));
                    }
                },
                delayMs,
                TimeUnit.MILLISECONDS);
    }

    void dispatchCity(String city) {
        Transaction batch = Cat.newTransaction("Dispatch", "batch:" + city);
        try {
            List<OrderService.OrderView> open = downstream
                    .get(
                            ServiceName.ORDER,
                            city,
                            "/orders/open?city=" + city + "&limit=200",
                            OrderService.OpenOrders.class)
                    .orders();
            lastBatchSize.put(city, (long) open.size());
            batchSize.labelValues(city).observe(open.size());
            if (open.isEmpty()) {
                batch.setStatus(Message.SUCCESS);
                return;
            }
            List<RiderService.RiderView> riders = downstream
                    .get(ServiceName.RIDER, city, "/riders/available?city=" + city, RiderService.Available.class)
                    .riders();
            if (riders.isEmpty()) {
                batch.setStatus(Message.SUCCESS);
                return;
            }
            Plan plan = plan(city, open, riders);
            offer(city, open, riders, plan);
            batch.setStatus(Message.SUCCESS);
        } catch (Downstream.CallFailed e) {
            batch.setStatus(e);
            Cat.logError(e);
        } finally {
            batch.complete();
        }
    }

    /** The matching and the algorithm that made it. */
    record Plan(int[] matching, String algorithm) {}

    Plan plan(String city, List<OrderService.OrderView> open, List<RiderService.RiderView> riders) {
        double[][] distance = new double[open.size()][riders.size()];
        for (int o = 0; o < open.size(); o++) {
            GeoPoint pickup = open.get(o).pickup();
            for (int r = 0; r < riders.size(); r++)
                distance[o][r] = new GeoPoint(riders.get(r).x(), riders.get(r).y()).roadKmTo(pickup);
        }
        boolean greedy = switches.text(ALGORITHM_SWITCH, clock.instant()).equals("greedy");
        double[][] cost = greedy ? null : pickupMinutes(city, distance, riders);
        long start = System.nanoTime();
        Plan plan = cost == null
                ? new Plan(Assignment.greedy(distance), "greedy")
                : new Plan(Assignment.optimal(cost), "optimal");
        solveSeconds.labelValues(plan.algorithm()).observe((System.nanoTime() - start) / 1e9);
        return plan;
    }

    /** Minutes from each candidate rider to each pickup, from eta-service; null when it cannot answer. */
    private double @org.jspecify.annotations.Nullable [][] pickupMinutes(
            String city, double[][] distance, List<RiderService.RiderView> riders) {
        int hour = clock.instant().atZone(ZoneOffset.ofHours(8)).getHour();
        List<EtaService.EtaRequest> requests = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        for (int o = 0; o < distance.length; o++) {
            final int order = o;
            List<Integer> nearest = java.util.stream.IntStream.range(0, riders.size())
                    .boxed()
                    .sorted(Comparator.comparingDouble(r -> distance[order][r]))
                    .limit(CANDIDATES)
                    .toList();
            for (int r : nearest) {
                requests.add(new EtaService.EtaRequest(
                        city, distance[o][r], hour, "clear", riders.get(r).load()));
                pairs.add(new int[] {o, r});
            }
        }
        try {
            List<EtaService.Estimate> estimates = downstream
                    .post(
                            ServiceName.ETA,
                            city,
                            "/eta/batch",
                            new EtaService.BatchRequest(requests),
                            EtaService.BatchEstimate.class)
                    .estimates();
            double[][] cost = new double[distance.length][riders.size()];
            for (double[] row : cost) java.util.Arrays.fill(row, Assignment.FORBIDDEN);
            for (int i = 0; i < pairs.size(); i++)
                cost[pairs.get(i)[0]][pairs.get(i)[1]] = estimates.get(i).minutes();
            return cost;
        } catch (Downstream.CallFailed e) {
            return null; // greedy on distance instead
        }
    }

    private void offer(String city, List<OrderService.OrderView> open, List<RiderService.RiderView> riders, Plan plan) {
        List<Future<?>> pending = new ArrayList<>();
        for (int o = 0; o < open.size(); o++) {
            int r = plan.matching()[o];
            if (r < 0) continue;
            OrderService.OrderView order = open.get(o);
            RiderService.RiderView rider = riders.get(r);
            pending.add(offers.submit(() -> offerOne(city, order, rider, plan.algorithm())));
        }
        for (Future<?> f : pending) {
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                offerOutcomes.labelValues(city, "timeout").inc(); // the order stays open: next batch re-dispatches it
            }
        }
    }

    private void offerOne(String city, OrderService.OrderView order, RiderService.RiderView rider, String algorithm) {
        try {
            RiderService.OfferAnswer answer = downstream.post(
                    ServiceName.RIDER,
                    city,
                    "/riders/" + rider.id() + "/offers",
                    new RiderService.Offer(order.id(), city, order.pickup(), order.dropoff()),
                    RiderService.OfferAnswer.class);
            if (!answer.accepted()) {
                offerOutcomes.labelValues(city, "rejected").inc();
                return;
            }
            downstream.post(
                    ServiceName.ORDER,
                    city,
                    "/orders/" + order.id() + "/assigned",
                    new OrderService.Assignment(rider.id()),
                    OrderService.OrderView.class);
            offerOutcomes.labelValues(city, "accepted").inc();
            assignments.labelValues(city, algorithm).inc();
        } catch (Downstream.CallFailed e) {
            offerOutcomes.labelValues(city, "failed").inc();
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        offers.shutdownNow();
    }
}
