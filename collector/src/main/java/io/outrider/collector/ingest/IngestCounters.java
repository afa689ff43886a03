package io.outrider.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each receiver took, per source ({@code cat}, {@code otlp}, {@code prometheus}) and per domain (service):
 * trees, messages, metric points and bytes, as {@code outrider_collector_received_*_total{source,domain}}. Domains
 * past {@value #MAX_DOMAINS} per source are counted under {@code domain="_other"}, so a client inventing domain names
 * cannot grow the registry without bound.
 */
public final class IngestCounters {

    static final int MAX_DOMAINS = 1000;
    static final String OTHER = "_other";

    private final MeterRegistry registry;
    private final Map<String, Map<String, Domain>> bySource = new ConcurrentHashMap<>();

    private record Domain(Counter trees, Counter messages, Counter points, Counter bytes) {}

    public IngestCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counters nobody reads (tests, tools). */
    public static IngestCounters unregistered() {
        return new IngestCounters(new SimpleMeterRegistry());
    }

    public void trees(String source, String domain, long trees, long messages) {
        Domain d = domain(source, domain);
        d.trees().increment(trees);
        d.messages().increment(messages);
    }

    public void points(String source, String domain, long points) {
        domain(source, domain).points().increment(points);
    }

    public void bytes(String source, String domain, long bytes) {
        domain(source, domain).bytes().increment(bytes);
    }

    /** Received so far, for tests and health details. */
    public double trees(String source, String domain) {
        return domain(source, domain).trees().count();
    }

    public double points(String source, String domain) {
        return domain(source, domain).points().count();
    }

    private Domain domain(String source, String domain) {
        Map<String, Domain> domains = bySource.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
        Domain known = domains.get(domain);
        if (known != null) return known;
        String name = domains.size() >= MAX_DOMAINS ? OTHER : domain;
        return domains.computeIfAbsent(
                name,
                n -> new Domain(
                        counter("outrider.collector.received.trees", "Trees (requests) received", source, n),
                        counter("outrider.collector.received.messages", "Messages in the trees received", source, n),
                        counter("outrider.collector.received.points", "Metric points received", source, n),
                        counter("outrider.collector.received.bytes", "Bytes received", source, n)));
    }

    private Counter counter(String name, String description, String source, String domain) {
        return Counter.builder(name)
                .description(description)
                .tag("source", source)
                .tag("domain", domain)
                .register(registry);
    }
}
