package io.outrider.topology.rollup;

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
 * Folds {@code outrider.spans} into per-minute figures at ingest speed (a {@link Rollup}: the dependency graph, the
 * reports). Each consumer of its group folds the trees of its partitions into the minute of each tree's start and
 * writes one document per (minute, partition) every flush interval, then commits its offsets. The document records
 * the last offset it includes, so a replay after a crash skips what is already counted (exactly once), and late
 * trees — whatever their delay — update the minute they belong to: a minute stays in memory for a while after its
 * last change and is read back from Elasticsearch after that. Trees are keyed by service, so each service's figures
 * are built by one consumer, and several server instances share the work without coordination.
 */
public final class MinuteRollupWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinuteRollupWriter.class);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

    private final Rollup rollup;
    private final ElasticsearchClient elasticsearch;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration flushInterval;
    private final Duration keepInMemory;
    private final Clock clock;
    private final Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
    private final Map<MinuteKey, Slot> minutes = new HashMap<>();
    private final Thread thread;
    private final AtomicLong trees = new AtomicLong();
    private final AtomicLong skippedReplays = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private volatile boolean running = true;

    private record MinuteKey(int partition, long minuteMillis) {}

    /** A minute of one partition, and what the writer knows of it. */
    private static final class Slot {
        final Rollup.Minute minute;
        long lastOffset = -1;
        boolean dirty;
        long touchedMillis;

        Slot(Rollup.Minute minute) {
            this.minute = minute;
        }
    }

    public MinuteRollupWriter(
            Rollup rollup,
            ElasticsearchClient elasticsearch,
            KafkaClientSettings kafka,
            String topic,
            String group,
            Duration flushInterval,
            Duration keepInMemory,
            Clock clock) {
        this.rollup = rollup;
        this.elasticsearch = elasticsearch;
        this.topic = topic;
        this.flushInterval = flushInterval;
        this.keepInMemory = keepInMemory;
        this.clock = clock;
        Map<String, Object> config = kafka.consumer(group);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name(rollup.name() + "-rollup").unstarted(this::run);
    }

    public MinuteRollupWriter start() {
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
    public static String index(String prefix, long minuteMillis) {
        return prefix + DAY.format(Instant.ofEpochMilli(minuteMillis));
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
            log.error("The {} rollup stopped: {}", rollup.name(), e.toString(), e);
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
        if (!rollup.concerns(tree)) return;
        long minuteMillis = Math.floorDiv(tree.root().timestampMillis(), 60_000L) * 60_000L;
        Slot slot = slot(record.partition(), minuteMillis);
        if (record.offset() <= slot.lastOffset) {
            skippedReplays.incrementAndGet(); // already in the stored minute
            return;
        }
        slot.minute.add(tree);
        slot.lastOffset = record.offset();
        slot.dirty = true;
        slot.touchedMillis = clock.millis();
        trees.incrementAndGet();
    }

    /** The minute in memory, or as stored, or new. */
    private Slot slot(int partition, long minuteMillis) {
        MinuteKey key = new MinuteKey(partition, minuteMillis);
        Slot slot = minutes.get(key);
        if (slot != null) return slot;
        slot = load(partition, minuteMillis);
        minutes.put(key, slot);
        return slot;
    }

    @SuppressWarnings("unchecked")
    private Slot load(int partition, long minuteMillis) {
        while (running) {
            try {
                var response = elasticsearch.get(
                        g -> g.index(index(rollup.indexPrefix(), minuteMillis)).id(documentId(minuteMillis, partition)),
                        Map.class);
                Slot slot;
                if (response.found() && response.source() != null) {
                    Map<String, Object> doc = response.source();
                    slot = new Slot(rollup.read(doc.get("entries") instanceof List<?> list ? list : List.of()));
                    slot.lastOffset = doc.get("lastOffset") instanceof Number n ? n.longValue() : -1;
                } else {
                    slot = new Slot(rollup.empty());
                }
                slot.touchedMillis = clock.millis();
                return slot;
            } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                if (e.status() == 404) return new Slot(rollup.empty()); // no such index yet
                log.warn("Reading a stored {} minute failed ({}); retrying", rollup.name(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.warn("Reading a stored {} minute failed ({}); retrying", rollup.name(), e.toString());
            }
            sleep(1000);
        }
        return new Slot(rollup.empty());
    }

    /** Writes every changed minute, then commits what was read: everything read is in a written document. */
    private void flushAndCommit() {
        List<Map.Entry<MinuteKey, Slot>> dirty =
                minutes.entrySet().stream().filter(e -> e.getValue().dirty).toList();
        if (!dirty.isEmpty()) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (var entry : dirty) {
                MinuteKey key = entry.getKey();
                Map<String, Object> doc = document(key, entry.getValue());
                bulk.operations(op -> op.index(i -> i.index(index(rollup.indexPrefix(), key.minuteMillis()))
                        .id(documentId(key.minuteMillis(), key.partition()))
                        .document(doc)));
            }
            try {
                BulkResponse response = elasticsearch.bulk(bulk.build());
                if (response.errors()) {
                    log.warn("Elasticsearch refused part of the {} minutes; keeping them to try again", rollup.name());
                    return;
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Writing {} minutes failed ({}); keeping them to try again", rollup.name(), e.toString());
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
            } catch (WakeupException stopping) {
                consumer.commitSync(offsets); // close() woke us: commit anyway, once
            } catch (RuntimeException e) {
                log.warn(
                        "Committing {} offsets failed ({}); the stored offsets keep replays exact",
                        rollup.name(),
                        e.toString());
            }
        }
    }

    private static Map<String, Object> document(MinuteKey key, Slot slot) {
        return document(key.minuteMillis(), key.partition(), slot.lastOffset, slot.minute);
    }

    /** The stored form of a minute of one partition. */
    static Map<String, Object> document(long minuteMillis, int partition, long lastOffset, Rollup.Minute minute) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("minute", minuteMillis);
        doc.put("partition", partition);
        doc.put("lastOffset", lastOffset);
        doc.put("services", List.copyOf(minute.services()));
        doc.put("entries", minute.entries());
        return doc;
    }

    private void evict() {
        long before = clock.millis() - keepInMemory.toMillis();
        minutes.values().removeIf(s -> !s.dirty && s.touchedMillis < before);
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Trees folded in so far. */
    public long trees() {
        return trees.get();
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
