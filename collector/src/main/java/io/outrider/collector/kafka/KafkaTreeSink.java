package io.outrider.collector.kafka;

import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.collector.cat.server.TreeSink;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.util.Base64;
import java.util.Map;
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
 * partition), as NT1 bytes; dead letters go to {@code outrider.deadletter} as JSON. Bounded: past
 * {@code maxInFlight} unacknowledged records it reports congestion, so the listeners stop reading instead of
 * filling memory while Kafka is slow or down. Records Kafka could not take within the delivery timeout are counted
 * as dropped.
 */
public final class KafkaTreeSink implements TreeSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaTreeSink.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Producer<String, byte[]> producer;
    private final long maxInFlight;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile long lastFailureMillis;

    public KafkaTreeSink(KafkaClientSettings settings, long maxInFlight) {
        Map<String, Object> config = settings.producer("collector");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000); // ride out a broker restart
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void accept(MessageTree tree) {
        send(new ProducerRecord<>(OutriderTopics.SPANS, tree.domain(), Nt1Encoder.encode(tree)), published);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        byte[] json = JSON.writeValueAsBytes(Map.of(
                "source", "cat",
                "client", letter.client(),
                "reason", letter.reason(),
                "frameBytes", letter.frameBytes(),
                "headBase64", Base64.getEncoder().encodeToString(letter.head()),
                "receivedAt", letter.receivedAtMillis()));
        send(new ProducerRecord<>(OutriderTopics.DEADLETTER, letter.client(), json), deadLettered);
        log.debug("Dead letter from {}: {}", letter.client(), letter.reason());
    }

    private void send(ProducerRecord<String, byte[]> record, AtomicLong onSuccess) {
        inFlight.incrementAndGet();
        producer.send(record, (metadata, error) -> {
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
    }

    @Override
    public boolean congested() {
        return inFlight.get() >= maxInFlight;
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long published() {
        return published.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Epoch ms of the last record Kafka refused, 0 if none. */
    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
