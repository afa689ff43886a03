package io.outrider.alert.spring;

import io.outrider.core.alert.Alert;
import io.outrider.core.alert.AlertJson;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alert events on {@code outrider.alerts}, keyed by the alert's unit (city or region), so that one
 * correlator sees all the alerts of a unit in order. The engine's events are sent without waiting (an event Kafka
 * does not take is logged and counted); the webhook's wait for Kafka, so that Alertmanager hears 503 and sends
 * again. When Kafka cannot be reached, the producer says so within 5 s instead of blocking for a minute.
 */
final class AlertPublisher implements Consumer<Alert>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);

    /** Kafka did not take the event (unreachable, or its buffer full). */
    static final class KafkaUnreachable extends RuntimeException {
        KafkaUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    AlertPublisher(KafkaClientSettings kafka) {
        var config = kafka.producer("alerts");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The engine's path: sent without waiting. */
    @Override
    public void accept(Alert alert) {
        try {
            publish(alert);
        } catch (KafkaUnreachable e) {
            log.error(
                    "Alert event {} {} not published: {}", alert.status().wire(), alert.fingerprint(), e.getMessage());
        }
    }

    /**
     * The webhook's path: returns once Kafka has every event of the batch (sent together, then awaited); throws
     * {@link KafkaUnreachable} when it does not take one of them.
     */
    void publishAllAndWait(java.util.List<Alert> alerts) {
        java.util.List<Future<RecordMetadata>> sent = new java.util.ArrayList<>(alerts.size());
        try {
            for (Alert alert : alerts) {
                Future<RecordMetadata> future = publish(alert);
                // a send that failed at once (no metadata within max.block.ms) ends the batch: the rest would wait too
                if (future.isDone()) future.get();
                sent.add(future);
            }
            for (Future<RecordMetadata> future : sent) future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnreachable("Kafka did not take an alert event: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreachable("interrupted while publishing the alert events", e);
        }
    }

    private Future<RecordMetadata> publish(Alert alert) {
        log.info(
                "Alert {} {} {}: {}",
                alert.status().wire(),
                alert.labels().get("alertname"),
                alert.fingerprint(),
                alert.annotations().getOrDefault("summary", ""));
        try {
            return producer.send(
                    new ProducerRecord<>(OutriderTopics.ALERTS, alert.unit(), AlertJson.encode(alert)), (m, e) -> {
                        if (e == null) published.incrementAndGet();
                        else {
                            failed.incrementAndGet();
                            log.error(
                                    "Alert event {} {} not delivered to Kafka: {}",
                                    alert.status().wire(),
                                    alert.fingerprint(),
                                    e.toString());
                        }
                    });
        } catch (KafkaException e) {
            failed.incrementAndGet();
            throw new KafkaUnreachable("Kafka did not take the alert event: " + e.getMessage(), e);
        }
    }

    long published() {
        return published.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
