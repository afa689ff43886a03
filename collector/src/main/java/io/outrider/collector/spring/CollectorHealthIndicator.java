package io.outrider.collector.spring;

import io.outrider.collector.kafka.KafkaIngestSink;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code collector} in {@code /actuator/health}: DOWN while Kafka has not taken records for more than 5 s, or dropped
 * one in the last minute.
 */
class CollectorHealthIndicator implements HealthIndicator {

    private static final long RECENT_MS = 60_000;
    /** Kafka not taking records for this long is an outage, not a metadata refresh. */
    private static final long STALLED_MS = 5_000;

    private final KafkaIngestSink sink;

    CollectorHealthIndicator(KafkaIngestSink sink) {
        this.sink = sink;
    }

    @Override
    public Health health() {
        boolean droppedRecently = sink.lastFailureMillis() > System.currentTimeMillis() - RECENT_MS;
        boolean stalled = sink.waitingForMillis() > STALLED_MS;
        Health.Builder builder = droppedRecently || stalled ? Health.down() : Health.up();
        return builder.withDetail("inFlight", sink.inFlight())
                .withDetail("published", sink.published())
                .withDetail("dropped", sink.dropped())
                .withDetail("congested", sink.congested())
                .withDetail("waitingForMs", sink.waitingForMillis())
                .build();
    }
}
