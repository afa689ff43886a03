package io.outrider.logistics.platform;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;

/**
 * The Prometheus metrics of one service: its own registry (served on {@code GET /metrics}), the standard request
 * metrics every service has, and whatever business KPIs the service registers.
 */
public final class ServiceMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** Inbound requests by route and outcome ({@code ok}, {@code error}, {@code blocked}). */
    public final Counter requests;
    /** Inbound request duration by route. */
    public final Histogram requestSeconds;
    /** Outbound calls by target service and outcome ({@code ok}, {@code error}, {@code blocked}, {@code fallback}). */
    public final Counter calls;
    /** Requests and calls refused by Sentinel, by resource and the kind of rule. */
    public final Counter blocked;

    public ServiceMetrics(ServiceName service) {
        requests = Counter.builder()
                .name("logistics_http_requests_total")
                .help("Inbound requests by route and outcome")
                .labelNames("service", "route", "outcome")
                .register(registry);
        requestSeconds = Histogram.builder()
                .name("logistics_http_request_seconds")
                .help("Inbound request duration")
                .labelNames("service", "route")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        calls = Counter.builder()
                .name("logistics_calls_total")
                .help("Outbound calls to other services by target and outcome")
                .labelNames("service", "target", "outcome")
                .register(registry);
        blocked = Counter.builder()
                .name("logistics_sentinel_blocked_total")
                .help("Requests and calls refused by Sentinel, by resource and rule kind")
                .labelNames("service", "resource", "rule")
                .register(registry);
        var os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        GaugeWithCallback.builder()
                .name("process_cpu_usage")
                .help("Share of the machine's CPU this process used since the last scrape (0..1)")
                .labelNames("service")
                .callback(callback -> {
                    double load = os.getProcessCpuLoad();
                    if (load >= 0) callback.call(load, service.id()); // negative: not measured yet
                })
                .register(registry);
        var memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder()
                .name("process_heap_used_bytes")
                .help("Heap in use, live objects and garbage not yet collected (a memory fault's blocks show here)")
                .labelNames("service")
                .callback(callback -> callback.call(memory.getHeapMemoryUsage().getUsed(), service.id()))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The exposition text of every metric of this service. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public String contentType() {
        return writer.getContentType();
    }
}
