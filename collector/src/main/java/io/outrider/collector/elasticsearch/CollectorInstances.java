package io.outrider.collector.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which collector instances are alive, so the CAT router can spread clients across all of them. Each instance
 * writes a heartbeat document ({@code cat} endpoint, {@code lastSeen}) to {@value #INDEX} every interval and deletes
 * it when it stops; an instance whose heartbeat is older than three intervals (it died without saying so) is no
 * longer listed. The list is refreshed with each heartbeat, so answering the router costs no Elasticsearch request;
 * while Elasticsearch is unreachable the last list is kept, and this instance is always in it.
 */
public final class CollectorInstances implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CollectorInstances.class);
    public static final String INDEX = "outrider-collectors";

    private final ElasticsearchClient elasticsearch;
    private final String instance;
    private final String catEndpoint;
    private final String otlpEndpoint;
    private final Duration interval;
    private final long startedAt = System.currentTimeMillis();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("collector-heartbeat").factory());
    private volatile List<String> alive;

    /**
     * @param catEndpoint {@code host:port} CAT clients reach this instance at
     * @param otlpEndpoint {@code host:port} of its OTLP receiver, or empty
     */
    public CollectorInstances(
            ElasticsearchClient elasticsearch, String catEndpoint, String otlpEndpoint, Duration interval) {
        this.elasticsearch = elasticsearch;
        this.catEndpoint = catEndpoint;
        this.otlpEndpoint = otlpEndpoint;
        this.interval = interval;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.alive = List.of(catEndpoint);
    }

    public CollectorInstances start() {
        scheduler.scheduleWithFixedDelay(this::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** CAT endpoints of the live instances, sorted, this one included. */
    public List<String> alive() {
        return alive;
    }

    public String instance() {
        return instance;
    }

    /** Writes this instance's heartbeat and reads everyone's; public so tests need not wait for the schedule. */
    public void heartbeat() {
        long now = System.currentTimeMillis();
        try {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("instance", instance);
            doc.put("cat", catEndpoint);
            doc.put("otlp", otlpEndpoint);
            doc.put("startedAt", startedAt);
            doc.put("lastSeen", now);
            elasticsearch.index(i -> i.index(INDEX).id(instance).document(doc).refresh(Refresh.True));
            long since = now - 3 * interval.toMillis();
            var hits = elasticsearch
                    .search(
                            s -> s.index(INDEX)
                                    .size(1000)
                                    .query(q -> q.range(r -> r.untyped(
                                            u -> u.field("lastSeen").gte(co.elastic.clients.json.JsonData.of(since))))),
                            Map.class)
                    .hits()
                    .hits();
            List<String> endpoints = new ArrayList<>();
            for (var hit : hits) {
                Object cat = hit.source() == null ? null : hit.source().get("cat");
                if (cat instanceof String endpoint && !endpoint.isEmpty() && !endpoints.contains(endpoint))
                    endpoints.add(endpoint);
            }
            if (!endpoints.contains(catEndpoint)) endpoints.add(catEndpoint);
            endpoints.sort(null);
            alive = List.copyOf(endpoints);
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("Collector heartbeat failed (keeping the last list of instances): {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            elasticsearch.delete(d -> d.index(INDEX).id(instance).refresh(Refresh.True));
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("Could not remove this collector's heartbeat: {}", e.toString());
        }
    }
}
