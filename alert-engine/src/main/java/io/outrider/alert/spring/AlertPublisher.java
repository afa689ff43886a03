package io.outrider.alert.spring;

import io.outrider.core.alert.Alert;
import io.outrider.core.alert.AlertJson;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alert events on {@code outrider.alerts}, keyed by the alert's unit (city or region), so that one
 * correlator sees all the alerts of a unit in order. The producer retries on its own for two minutes; an event it
 * still cannot deliver is logged and counted.
 */
final class AlertPublisher implements Consumer<Alert>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    AlertPublisher(KafkaClientSettings kafka) {
        this.producer =
                new KafkaProducer<>(kafka.producer("alerts"), new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void accept(Alert alert) {
        log.info(
                "Alert {} {} {}: {}",
                alert.status().wire(),
                alert.labels().get("alertname"),
                alert.fingerprint(),
                alert.annotations().getOrDefault("summary", ""));
        producer.send(new ProducerRecord<>(OutriderTopics.ALERTS, alert.unit(), AlertJson.encode(alert)), (m, e) -> {
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
