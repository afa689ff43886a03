package io.outrider.collector.kafka;

import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.metric.MetricPointJson;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes normalized trees to {@code outrider.spans}, keyed by domain (one service's trees stay in order on one
 * partition), as NT1 bytes; metric points to {@code outrider.metrics} as JSON, keyed by service; dead letters go to {@code outrider.deadletter} as JSON. It never blocks its caller:
 * records the producer cannot take yet (Kafka down, buffer full) wait in order and are retried. Bounded: while
 * records wait, or past {@code maxInFlight} unacknowledged ones, it reports congestion, so the listeners stop
 * reading instead of filling memory. Records Kafka could not take within the delivery timeout are counted as
 * dropped.
 */
public final class KafkaIngestSink implements IngestSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngestSink.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Producer<String, byte[]> producer;
    private final long maxInFlight;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishedPoints = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** Records the producer would not take yet (no metadata, buffer full): kept in order, retried, never blocking. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kafka-sink-retry").factory());
    private volatile long lastFailureMillis;
    private volatile long waitingSinceMillis;

    private record Waiting(ProducerRecord<String, byte[]> record, AtomicLong onSuccess) {}

    public KafkaIngestSink(KafkaClientSettings settings, long maxInFlight) {
        Map<String, Object> config = settings.producer("collector");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000); // ride out a broker restart
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10); // fewer, larger produce requests under load
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0); // never block the listener's event loop: wait here instead
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.maxInFlight = maxInFlight;
        retrier.scheduleWithFixedDelay(this::retryWaiting, 200, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(MessageTree tree) {
        offer(new ProducerRecord<>(OutriderTopics.SPANS, tree.domain(), Nt1Encoder.encode(tree)), published);
    }

    /** A metric point as JSON ({@link MetricPointJson}) to {@code outrider.metrics}, keyed by its service. */
    @Override
    public void accept(MetricPoint point) {
        offer(
                new ProducerRecord<>(OutriderTopics.METRICS, serviceOf(point), MetricPointJson.encode(point)),
                publishedPoints);
    }

    /** The key that keeps one service's series on one partition: its {@code service} or {@code domain} label. */
    static String serviceOf(MetricPoint point) {
        String service = point.labels().get("service");
        if (service == null) service = point.labels().get("domain");
        if (service == null) service = point.labels().get("job");
        return service != null ? service : point.name();
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        byte[] json = JSON.writeValueAsBytes(Map.of(
                "source", letter.source(),
                "client", letter.client(),
                "reason", letter.reason(),
                "frameBytes", letter.frameBytes(),
                "headBase64", Base64.getEncoder().encodeToString(letter.head()),
                "receivedAt", letter.receivedAtMillis()));
        offer(new ProducerRecord<>(OutriderTopics.DEADLETTER, letter.client(), json), deadLettered);
        log.debug("Dead letter from {}: {}", letter.client(), letter.reason());
    }

    private synchronized void offer(ProducerRecord<String, byte[]> record, AtomicLong onSuccess) {
        inFlight.incrementAndGet();
        if (!waiting.isEmpty() || !trySend(record, onSuccess)) {
            if (waiting.isEmpty()) waitingSinceMillis = System.currentTimeMillis();
            waiting.addLast(new Waiting(record, onSuccess));
        }
    }

    private synchronized void retryWaiting() {
        while (!waiting.isEmpty()) {
            Waiting next = waiting.peekFirst();
            if (!trySend(next.record(), next.onSuccess())) return;
            waiting.removeFirst();
        }
        waitingSinceMillis = 0;
    }

    /** Hands the record to the producer; false when it cannot take it now (no metadata yet, buffer full). */
    private boolean trySend(ProducerRecord<String, byte[]> record, AtomicLong onSuccess) {
        // With max.block.ms=0 the producer refuses at once, through the callback, on this thread, inside send()
        boolean[] refusedNow = {false};
        IN_SEND.set(true);
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null && IN_SEND.get()) {
                    refusedNow[0] = true;
                    return;
                }
                inFlight.decrementAndGet();
                if (error == null) {
                    onSuccess.incrementAndGet();
                } else {
                    dropped.incrementAndGet();
                    lastFailureMillis = System.currentTimeMillis();
                    log.error(
                            "Kafka did not take a record for {} within the delivery timeout: {}",
                            record.topic(),
                            error.toString());
                }
            });
        } catch (org.apache.kafka.common.KafkaException refused) {
            refusedNow[0] = true;
        } finally {
            IN_SEND.set(false);
        }
        return !refusedNow[0];
    }

    private static final ThreadLocal<Boolean> IN_SEND = ThreadLocal.withInitial(() -> false);

    @Override
    public boolean congested() {
        // inFlight counts the waiting records too, so it alone bounds memory; a short wait (metadata of a topic
        // not yet used) is not congestion, a longer one is
        return inFlight.get() >= maxInFlight || waitingForMillis() > CONGESTED_AFTER_MS;
    }

    private static final long CONGESTED_AFTER_MS = 1_000;

    /** Kafka has not taken records for more than a few seconds: an outage rather than a metadata refresh. */
    @Override
    public boolean unavailable() {
        return waitingForMillis() > 3_000;
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long published() {
        return published.get();
    }

    public long publishedPoints() {
        return publishedPoints.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Epoch ms of the last record dropped after the delivery timeout, 0 if never. */
    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    /** How long records have been waiting for Kafka to take them; 0 when none wait. */
    public long waitingForMillis() {
        long since = waitingSinceMillis;
        return since == 0 ? 0 : System.currentTimeMillis() - since;
    }

    @Override
    public void close() {
        retrier.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
