package io.outrider.dedup.harness;

import io.outrider.core.metric.MetricPoint;
import io.outrider.dedup.correlate.CallGraph;
import io.outrider.dedup.rca.ServiceSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulated telemetry of the logistics core in three cities, every 10 s: per instance (four per service and city)
 * and endpoint (three), cumulative requests and errors and p99 latency; per instance, CPU and a heartbeat (JVM
 * threads); per city, orders created and dispatched. The alert rules watch each instance and endpoint, as
 * production rules do, so one fault raises a storm the size of real ones.
 * Faults change them the way real faults do: in the faulty service, and weaker in its callers (transitively) and
 * in the city's dispatch rate. What each fault touches is known, which labels every alert it causes.
 */
final class Simulation {

    enum Kind {
        LATENCY,
        ERRORS,
        CPU,
        OUTAGE,
        SURGE,
        HEARTBEAT,
        NOISE
    }

    record Fault(String id, String service, String city, Kind kind, Instant start, Duration length) {
        Instant end() {
            return start.plus(length);
        }
    }

    /** The logistics core's five services, then a merchant subsystem that shares no call with them. */
    static final List<String> SERVICES = List.of(
            "order-service",
            "pricing-service",
            "eta-service",
            "dispatch-service",
            "rider-service",
            "merchant-service",
            "menu-service");

    static final List<String> CITIES = List.of("shanghai", "beijing", "shenzhen");
    /** Instances of every service in every city, each serving every endpoint. */
    static final int INSTANCES = Integer.getInteger("harness.instances", 6);

    static final List<String> ENDPOINTS =
            List.of("/a", "/b", "/c", "/d").subList(0, Integer.getInteger("harness.endpoints", 4));
    /** How each endpoint's latency compares to the service's. */
    static final List<Double> ENDPOINT_LATENCY = List.of(1.0, 0.8, 1.15, 0.9);

    static final Map<String, Set<String>> CALLS = Map.of(
            "order-service", Set.of("pricing-service", "eta-service", "dispatch-service"),
            "dispatch-service", Set.of("rider-service", "eta-service"),
            "merchant-service", Set.of("menu-service"));
    static final CallGraph GRAPH = new CallGraph(CALLS);

    private final List<Fault> faults;
    private final SplittableRandom random;
    private final Map<String, double[]> counters = new HashMap<>();
    /** Per city and service: metric → values every step (for root-cause ranking). */
    private final Map<String, Map<String, List<double[]>>> history = new HashMap<>();

    private Instant end = Instant.EPOCH;

    Simulation(List<Fault> faults, long seed) {
        this.faults = List.copyOf(faults);
        this.random = new SplittableRandom(seed);
    }

    /** Services that call {@code service}, directly or through others. */
    static Set<String> upstream(String service) {
        Set<String> found = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var e : CALLS.entrySet())
                if (!found.contains(e.getKey())
                        && (e.getValue().contains(service)
                                || e.getValue().stream().anyMatch(found::contains))) grew = found.add(e.getKey());
        }
        return found;
    }

    /** Whether a fault makes {@code service} in {@code city} misbehave at {@code at} (plus a little after). */
    static boolean touches(Fault f, String service, String city, Instant at) {
        if (!f.city().equals(city)
                || at.isBefore(f.start())
                || at.isAfter(f.end().plusSeconds(150))) return false;
        if (service == null) return f.kind() != Kind.HEARTBEAT && f.kind() != Kind.NOISE; // the city's KPI
        return switch (f.kind()) {
            case HEARTBEAT, NOISE -> service.equals(f.service());
            case SURGE -> true;
            default -> service.equals(f.service()) || upstream(f.service()).contains(service);
        };
    }

    /** The points of one 10 s step at {@code at}. */
    void step(Instant at, Consumer<MetricPoint> out) {
        long ts = at.toEpochMilli();
        end = at.plusMillis(1);
        for (String city : CITIES) {
            double created = 0;
            double dispatchRate = 0.97;
            for (String service : SERVICES) {
                double requests = 1200 + 120 * random.nextGaussian();
                double noise = 0;
                double errorRatio = 0.005;
                double latency = 120 + 10 * random.nextGaussian();
                double cpu = 0.3 + 0.04 * random.nextGaussian();
                boolean heartbeat = true;
                for (Fault f : faults) {
                    if (!f.city().equals(city) || at.isBefore(f.start()) || !at.isBefore(f.end())) continue;
                    boolean self = service.equals(f.service());
                    boolean caller = upstream(f.service()).contains(service);
                    switch (f.kind()) {
                        case LATENCY -> latency += self ? 400 : caller ? 300 : 0;
                        case ERRORS -> {
                            errorRatio = Math.max(errorRatio, self ? 0.3 : caller ? 0.12 : errorRatio);
                            dispatchRate = Math.min(dispatchRate, 0.6);
                        }
                        case CPU -> {
                            if (self) cpu = 0.95;
                            latency += self ? 250 : caller ? 200 : 0;
                        }
                        case OUTAGE -> {
                            if (self) {
                                heartbeat = false;
                                requests = 0;
                            }
                            if (caller) errorRatio = Math.max(errorRatio, 0.4);
                            dispatchRate = Math.min(dispatchRate, 0.5);
                        }
                        case SURGE -> {
                            requests *= 3;
                            if (self) latency += 350;
                        }
                        case HEARTBEAT -> heartbeat = heartbeat && !self;
                        case NOISE -> {
                            if (self) noise += 500; // in the service's figures; in one instance's endpoint alone
                        }
                    }
                }
                requests = Math.max(0, requests);
                if (service.equals("order-service")) created = requests;
                // every instance serves every endpoint; a noise blip touches one endpoint of one instance only
                for (int i = 0; i < INSTANCES; i++) {
                    String instance = service + "-" + city + "-" + i;
                    for (int e = 0; e < ENDPOINTS.size(); e++) {
                        String endpoint = ENDPOINTS.get(e);
                        Map<String, String> labels =
                                Map.of("service", service, "city", city, "instance", instance, "endpoint", endpoint);
                        double share = requests / (INSTANCES * ENDPOINTS.size()) * (1 + 0.05 * random.nextGaussian());
                        double blip = 0;
                        for (Fault f : faults)
                            if (f.kind() == Kind.NOISE
                                    && f.service().equals(service)
                                    && f.city().equals(city)
                                    && i == 0
                                    && e == 0
                                    && !at.isBefore(f.start())
                                    && at.isBefore(f.end())) blip = 500;
                        double[] c =
                                counters.computeIfAbsent(city + "/" + instance + "/" + endpoint, k -> new double[2]);
                        c[0] += Math.max(0, share);
                        c[1] += Math.max(0, share) * errorRatio;
                        out.accept(MetricPoint.of("requests_total", labels, ts, c[0]));
                        out.accept(MetricPoint.of("errors_total", labels, ts, c[1]));
                        if (requests > 0)
                            out.accept(MetricPoint.of(
                                    "p99_latency_ms",
                                    labels,
                                    ts,
                                    latency * ENDPOINT_LATENCY.get(e) + 8 * random.nextGaussian() + blip));
                    }
                    Map<String, String> labels = Map.of("service", service, "city", city, "instance", instance);
                    out.accept(MetricPoint.of("cpu_ratio", labels, ts, cpu + 0.02 * random.nextGaussian()));
                    if (heartbeat) out.accept(MetricPoint.of("jvm_threads", labels, ts, 40));
                }
                history.computeIfAbsent(city, k -> new HashMap<>())
                        .computeIfAbsent(service, k -> new ArrayList<>())
                        .add(new double[] {
                            ts, latency + noise, requests > 0 ? errorRatio : 1, cpu, heartbeat ? 0 : 1, requests
                        });
            }
            double[] k = counters.computeIfAbsent(city + "/kpi", x -> new double[2]);
            k[0] += created;
            k[1] += created * dispatchRate;
            out.accept(MetricPoint.of("orders_created_total", Map.of("city", city), ts, k[0]));
            out.accept(MetricPoint.of("orders_dispatched_total", Map.of("city", city), ts, k[1]));
        }
    }

    /** Just after the last step. */
    Instant end() {
        return end;
    }

    /** The recorded series of one city as the live localizer reads them: by service and window. */
    io.outrider.dedup.rca.SeriesSource source(String city) {
        return (services, from, to) -> series(city).stream()
                .filter(s -> services.contains(s.service()))
                .map(s -> window(s, from.toEpochMilli(), to.toEpochMilli()))
                .toList();
    }

    private static ServiceSeries window(ServiceSeries s, long from, long to) {
        int[] keep = java.util.stream.IntStream.range(0, s.times().length)
                .filter(i -> s.times()[i] >= from && s.times()[i] < to)
                .toArray();
        return new ServiceSeries(
                s.service(),
                s.metric(),
                java.util.Arrays.stream(keep).mapToLong(i -> s.times()[i]).toArray(),
                java.util.Arrays.stream(keep).mapToDouble(i -> s.values()[i]).toArray());
    }

    /** The recorded series of one city's services, for root-cause ranking. */
    List<ServiceSeries> series(String city) {
        List<ServiceSeries> series = new ArrayList<>();
        history.getOrDefault(city, Map.of()).forEach((service, rows) -> {
            long[] times = rows.stream().mapToLong(r -> (long) r[0]).toArray();
            String[] metrics = {"latency", "error_ratio", "cpu", "heartbeat_missing", "requests"};
            for (int m = 0; m < metrics.length; m++) {
                int col = m + 1;
                series.add(new ServiceSeries(
                        service,
                        metrics[m],
                        times,
                        rows.stream().mapToDouble(r -> r[col]).toArray()));
            }
        });
        return series;
    }
}
