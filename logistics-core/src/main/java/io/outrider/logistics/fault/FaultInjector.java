package io.outrider.logistics.fault;

import io.outrider.logistics.platform.BearerToken;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.ServiceName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults injected into one service, for drills: latency and errors on its endpoints, CPU burn, memory pressure,
 * and outage of a dependency (its calls fail or time out) — latency, errors and outages everywhere or in one city
 * (only the requests and calls for that city). Every fault has an id, a start and an end, and can be listed and
 * cleared. Off unless the service was started with faults enabled.
 */
public final class FaultInjector {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);
    private static final Duration MAX_DURATION = Duration.ofHours(2);

    /**
     * A fault to inject.
     *
     * @param type {@code latency}, {@code errors}, {@code cpu}, {@code memory} or {@code dependency}
     * @param endpoint for latency and errors: the route (e.g. {@code /eta}); null for every business route
     * @param share for latency and errors: the share of requests affected, 0..1 (default 1)
     * @param fixedMs, jitterMs for latency: added delay = fixed + uniform(0, jitter)
     * @param threads for cpu: busy threads
     * @param megabytes for memory: heap held
     * @param target for dependency: the service whose calls fail ({@code pricing}, ...)
     * @param mode for dependency: {@code fail} (at once) or {@code timeout}
     * @param city for latency, errors and dependency: only the requests (calls) for this city; null for all
     * @param durationSec how long the fault lasts (default 300, at most 7200)
     */
    public record Spec(
            String type,
            @Nullable String endpoint,
            @Nullable Double share,
            @Nullable Long fixedMs,
            @Nullable Long jitterMs,
            @Nullable Integer threads,
            @Nullable Integer megabytes,
            @Nullable String target,
            @Nullable String mode,
            @Nullable String city,
            @Nullable Long durationSec) {}

    /** A fault in force. */
    public record Fault(String id, Spec spec, Instant start, Instant end) {}

    /** Thrown by {@link #beforeCall} when a dependency outage fault applies. */
    public static final class InjectedOutage extends RuntimeException {
        InjectedOutage(String message) {
            super(message);
        }
    }

    private final boolean enabled;
    private final ServiceName service;
    private final List<String> cities;
    private final Clock clock;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, List<byte[]>> heldMemory = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom(7);

    private volatile java.util.function.Consumer<String> changes = what -> {};

    /** Where injected faults are announced as changes (the service logs them as CAT {@code Change} events). */
    public FaultInjector onChange(java.util.function.Consumer<String> listener) {
        this.changes = listener;
        return this;
    }

    /** @param cities the cities the service serves, which a fault may be limited to */
    public FaultInjector(boolean enabled, ServiceName service, List<String> cities, Clock clock) {
        this.enabled = enabled;
        this.service = service;
        this.cities = List.copyOf(cities);
        this.clock = clock;
    }

    public void mount(HttpApp app, BearerToken token) {
        app.operational("GET", "/faults", request -> {
            token.check(request);
            return active();
        });
        app.operational("POST", "/faults", request -> {
            token.check(request);
            return HttpApp.Response.json(201, inject(request.body(Spec.class)));
        });
        app.operational("DELETE", "/faults/{id}", request -> {
            token.check(request);
            if (!clear(request.path("id"))) throw HttpError.notFound("no active fault " + request.path("id"));
            return null;
        });
        app.operational("DELETE", "/faults", request -> {
            token.check(request);
            List.copyOf(faults.keySet()).forEach(this::clear);
            return null;
        });
    }

    /** Starts a fault; a bad spec is a 400 naming the field. */
    public Fault inject(Spec spec) {
        if (!enabled)
            throw new HttpError(
                    403,
                    "fault injection is disabled on " + service.domain()
                            + "; start the group with faults enabled (outrider logistics --faults)");
        Duration duration = Duration.ofSeconds(spec.durationSec() == null ? 300 : spec.durationSec());
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw HttpError.badRequest(
                    "durationSec must be in 1.." + MAX_DURATION.toSeconds() + ": " + spec.durationSec());
        }
        double share = spec.share() == null ? 1.0 : spec.share();
        if (share < 0 || share > 1) throw HttpError.badRequest("share must be in 0..1: " + share);
        if (spec.city() != null) {
            if (!cities.contains(spec.city()))
                throw HttpError.badRequest("unknown city " + spec.city() + "; cities: " + cities);
            if (spec.type().equals("cpu") || spec.type().equals("memory"))
                throw HttpError.badRequest("a " + spec.type() + " fault hurts the whole service: it takes no city"
                        + " (latency, errors and dependency faults do)");
        }
        Instant start = clock.instant();
        Fault fault = new Fault(service.id() + "-fault-" + ids.incrementAndGet(), spec, start, start.plus(duration));
        switch (spec.type()) {
            case "latency" -> {
                if (spec.fixedMs() == null && spec.jitterMs() == null)
                    throw HttpError.badRequest("latency needs fixedMs and/or jitterMs");
            }
            case "errors" -> {}
            case "cpu" -> {
                if (threads(spec) < 1 || threads(spec) > 16)
                    throw HttpError.badRequest("threads must be in 1..16: " + threads(spec));
            }
            case "memory" -> {
                if (megabytes(spec) < 1 || megabytes(spec) > 4096)
                    throw HttpError.badRequest("megabytes must be in 1..4096: " + megabytes(spec));
            }
            case "dependency" -> {
                if (spec.target() == null)
                    throw HttpError.badRequest("dependency needs target (one of order, dispatch, rider, eta, pricing)");
                ServiceName.of(spec.target());
                if (spec.mode() != null
                        && !spec.mode().equals("fail")
                        && !spec.mode().equals("timeout"))
                    throw HttpError.badRequest("mode must be fail or timeout: " + spec.mode());
            }
            default ->
                throw HttpError.badRequest(
                        "unknown fault type " + spec.type() + "; types: latency, errors, cpu, memory, dependency");
        }
        faults.put(fault.id(), fault); // before the effects start: a CPU burn runs while its fault is listed
        if (spec.type().equals("cpu")) startCpuBurn(fault, threads(spec));
        if (spec.type().equals("memory")) holdMemory(fault, megabytes(spec));
        log.warn("Fault injected: {}", fault);
        // a change of one city says so as city=NAME, which root-cause ranking reads to keep it to that city's incidents
        changes.accept("fault " + spec.type()
                + (spec.endpoint() != null ? " " + spec.endpoint() : "")
                + (spec.target() != null ? " " + spec.target() : "")
                + (spec.city() != null ? " city=" + spec.city() : ""));
        return fault;
    }

    public boolean clear(String id) {
        Fault removed = faults.remove(id);
        heldMemory.remove(id);
        if (removed != null) log.warn("Fault cleared: {}", id);
        return removed != null;
    }

    public List<Fault> active() {
        Instant now = clock.instant();
        faults.values().removeIf(f -> {
            boolean over = !now.isBefore(f.end());
            if (over) heldMemory.remove(f.id());
            return over;
        });
        return new ArrayList<>(faults.values());
    }

    /** Applies latency and error faults to an inbound request on {@code route} for {@code city} (null: none named). */
    public void beforeInbound(String route, @Nullable String city) throws InterruptedException {
        for (Fault fault : active()) {
            Spec spec = fault.spec();
            if (spec.endpoint() != null && !spec.endpoint().equals(route)) continue;
            if (spec.city() != null && !spec.city().equals(city)) continue;
            if (spec.share() != null && random.nextDouble() >= spec.share()) continue;
            if (spec.type().equals("latency")) {
                long jitter = spec.jitterMs() == null || spec.jitterMs() <= 0 ? 0 : random.nextLong(spec.jitterMs());
                Thread.sleep((spec.fixedMs() == null ? 0 : spec.fixedMs()) + jitter);
            } else if (spec.type().equals("errors")) {
                throw new HttpError(500, "injected error (" + fault.id() + ")");
            }
        }
    }

    /** Applies dependency-outage faults to an outbound call to {@code target} for {@code city}. */
    public void beforeCall(ServiceName target, String city, Duration callTimeout) throws InterruptedException {
        for (Fault fault : active()) {
            Spec spec = fault.spec();
            if (!spec.type().equals("dependency") || spec.target() == null || ServiceName.of(spec.target()) != target)
                continue;
            if (spec.city() != null && !spec.city().equals(city)) continue;
            if ("timeout".equals(spec.mode())) Thread.sleep(callTimeout);
            throw new InjectedOutage("injected outage of " + target.domain() + " (" + fault.id() + ")");
        }
    }

    private static int threads(Spec spec) {
        return spec.threads() == null ? 1 : spec.threads();
    }

    private static int megabytes(Spec spec) {
        return spec.megabytes() == null ? 256 : spec.megabytes();
    }

    private void startCpuBurn(Fault fault, int threads) {
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform()
                    .daemon()
                    .name("fault-cpu-" + fault.id() + "-" + i)
                    .start(() -> {
                        long x = 0;
                        while (faults.containsKey(fault.id()) && clock.instant().isBefore(fault.end())) {
                            for (int j = 0; j < 1_000_000; j++) x += j * 31L ^ x;
                        }
                        if (x == 42) log.trace("unlikely"); // keeps the loop from being optimised away
                    });
        }
    }

    private void holdMemory(Fault fault, int megabytes) {
        List<byte[]> blocks = new ArrayList<>();
        try {
            for (int i = 0; i < megabytes; i++) {
                byte[] block = new byte[1 << 20];
                for (int j = 0; j < block.length; j += 4096)
                    block[j] = 1; // touch every page: resident, not just reserved
                blocks.add(block);
            }
        } catch (OutOfMemoryError heapFull) {
            log.warn(
                    "Memory fault {} holds {} MB, all the heap allowed of the {} MB asked",
                    fault.id(),
                    blocks.size(),
                    megabytes);
        }
        heldMemory.put(fault.id(), blocks);
    }
}
