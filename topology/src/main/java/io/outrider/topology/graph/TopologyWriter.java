package io.outrider.topology.graph;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.codec.MalformedFrameException;
import io.outrider.collector.cat.codec.Nt1Decoder;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.kafka.KafkaClientSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the dependency graph minute by minute from {@code outrider.spans}, at ingest speed: each consumer of group
 * {@value #GROUP} folds the calls of the trees of its partitions into per-minute edge figures and writes one
 * document per (minute, partition) to {@code outrider-topology-YYYY.MM.DD} every flush interval, then commits its
 * offsets. The document records the last offset it includes, so a replay after a crash skips what is already
 * counted (exactly once), and late trees — whatever their delay — update the minute they belong to: a minute is kept
 * in memory for a while, and read back from Elasticsearch after that. Trees are keyed by service, so each service's
 * figures are built by one consumer and several server instances share the work without coordination.
 */
public final class TopologyWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopologyWriter.class);
    public static final String GROUP = "outrider-topology";
    public static final String INDEX_PREFIX = "outrider-topology-";
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient elasticsearch;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration flushInterval;
    private final Duration keepInMemory;
    private final Clock clock;
    private final Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
    private final Map<MinuteKey, Minute> minutes = new HashMap<>();
    private final Thread thread;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong skippedReplays = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private volatile boolean running = true;

    private record MinuteKey(int partition, long minuteMillis) {}

    /** What one partition's trees say about one minute. */
    private static final class Minute {
        final Map<Edge, EdgeStats> edges = new LinkedHashMap<>();
        long lastOffset = -1;
        boolean dirty;
        long touchedMillis;
    }

    public TopologyWriter(
            ElasticsearchClient elasticsearch,
            KafkaClientSettings kafka,
            String topic,
            String group,
            Duration flushInterval,
            Duration keepInMemory,
            Clock clock) {
        this.elasticsearch = elasticsearch;
        this.topic = topic;
        this.flushInterval = flushInterval;
        this.keepInMemory = keepInMemory;
        this.clock = clock;
        Map<String, Object> config = kafka.consumer(group);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("topology-writer").unstarted(this::run);
    }

    public TopologyWriter start() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                flushAndCommit();
                minutes.keySet().removeIf(key -> partitions.stream().anyMatch(p -> p.partition() == key.partition()));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
        thread.start();
        return this;
    }

    /** The index of the day a minute starts in. */
    public static String index(long minuteMillis) {
        return INDEX_PREFIX + DAY.format(Instant.ofEpochMilli(minuteMillis));
    }

    static String documentId(long minuteMillis, int partition) {
        return minuteMillis + "-" + partition;
    }

    private void run() {
        long nextFlush = System.nanoTime() + flushInterval.toNanos();
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) take(record);
                if (System.nanoTime() >= nextFlush) {
                    flushAndCommit();
                    evict();
                    nextFlush = System.nanoTime() + flushInterval.toNanos();
                }
            }
            flushAndCommit();
        } catch (WakeupException stopping) {
            flushAndCommit();
        } catch (RuntimeException e) {
            log.error("The topology writer stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        MessageTree tree;
        try {
            tree = decoder.decode(ByteBuffer.wrap(record.value()));
        } catch (MalformedFrameException e) {
            log.debug(
                    "Skipping an undecodable span record at {}/{}: {}",
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        List<Calls.Call> found = Calls.of(tree);
        if (found.isEmpty()) return;
        long minuteMillis = Math.floorDiv(tree.root().timestampMillis(), 60_000L) * 60_000L;
        Minute minute = minute(record.partition(), minuteMillis);
        if (record.offset() <= minute.lastOffset) {
            skippedReplays.incrementAndGet(); // already in the stored minute
            return;
        }
        for (Calls.Call call : found) {
            minute.edges
                    .computeIfAbsent(new Edge(call.caller(), call.callee()), e -> new EdgeStats())
                    .record(call.durationMicros(), call.failed());
            calls.incrementAndGet();
        }
        minute.lastOffset = record.offset();
        minute.dirty = true;
        minute.touchedMillis = clock.millis();
    }

    /** The minute in memory, or as stored, or new. */
    private Minute minute(int partition, long minuteMillis) {
        MinuteKey key = new MinuteKey(partition, minuteMillis);
        Minute minute = minutes.get(key);
        if (minute != null) return minute;
        minute = load(partition, minuteMillis);
        minutes.put(key, minute);
        return minute;
    }

    @SuppressWarnings("unchecked")
    private Minute load(int partition, long minuteMillis) {
        Minute minute = new Minute();
        minute.touchedMillis = clock.millis();
        while (running) {
            try {
                var response = elasticsearch.get(
                        g -> g.index(index(minuteMillis)).id(documentId(minuteMillis, partition)), Map.class);
                if (response.found() && response.source() != null) {
                    Map<String, Object> doc = response.source();
                    minute.lastOffset = doc.get("lastOffset") instanceof Number n ? n.longValue() : -1;
                    if (doc.get("edges") instanceof List<?> edges)
                        for (Object e : edges)
                            if (e instanceof Map<?, ?> edge)
                                minute.edges.put(
                                        new Edge(
                                                String.valueOf(edge.get("caller")), String.valueOf(edge.get("callee"))),
                                        EdgeStats.fromDocument(edge));
                }
                return minute;
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (e.status() == 404) return minute; // no such index yet
                log.warn("Reading a stored topology minute failed ({}); retrying", e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.warn("Reading a stored topology minute failed ({}); retrying", e.toString());
            }
            sleep(1000);
        }
        return minute;
    }

    /** Writes every changed minute, then commits what was read: everything read is in a written document. */
    private void flushAndCommit() {
        List<Map.Entry<MinuteKey, Minute>> dirty =
                minutes.entrySet().stream().filter(e -> e.getValue().dirty).toList();
        if (!dirty.isEmpty()) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (var entry : dirty) {
                MinuteKey key = entry.getKey();
                Map<String, Object> doc = document(key, entry.getValue());
                bulk.operations(op -> op.index(i -> i.index(index(key.minuteMillis()))
                        .id(documentId(key.minuteMillis(), key.partition()))
                        .document(doc)));
            }
            try {
                BulkResponse response = elasticsearch.bulk(bulk.build());
                if (response.errors()) {
                    log.warn("Elasticsearch refused part of the topology minutes; keeping them to try again");
                    return;
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Writing topology minutes failed ({}); keeping them to try again", e.toString());
                return;
            }
            for (var entry : dirty) entry.getValue().dirty = false;
            flushes.incrementAndGet();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment())
            offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                log.warn(
                        "Committing topology offsets failed ({}); the minutes' offsets keep replays exact",
                        e.toString());
            }
        }
    }

    private static Map<String, Object> document(MinuteKey key, Minute minute) {
        List<Map<String, Object>> edges = new ArrayList<>();
        minute.edges.forEach((edge, stats) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("caller", edge.caller());
            e.put("callee", edge.callee());
            e.putAll(stats.toDocument());
            edges.add(e);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("minute", key.minuteMillis());
        doc.put("partition", key.partition());
        doc.put("lastOffset", minute.lastOffset);
        doc.put(
                "services",
                minute.edges.keySet().stream()
                        .flatMap(e -> java.util.stream.Stream.of(e.caller(), e.callee()))
                        .distinct()
                        .toList());
        doc.put("edges", edges);
        return doc;
    }

    private void evict() {
        long before = clock.millis() - keepInMemory.toMillis();
        minutes.values().removeIf(m -> !m.dirty && m.touchedMillis < before);
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Calls counted so far. */
    public long calls() {
        return calls.get();
    }

    /** Records skipped because the stored minute already had them (replays). */
    public long skippedReplays() {
        return skippedReplays.get();
    }

    public long flushes() {
        return flushes.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
