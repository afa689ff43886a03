package io.outrider.collector.spring;

import io.outrider.collector.kafka.KafkaTreeSink;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code collector} in {@code /actuator/health}: DOWN while Kafka refuses records or the backlog is full. */
class CollectorHealthIndicator implements HealthIndicator {

    private static final long RECENT_MS = 60_000;

    private final KafkaTreeSink sink;

    CollectorHealthIndicator(KafkaTreeSink sink) {
        this.sink = sink;
    }

    @Override
    public Health health() {
        boolean failedRecently = sink.lastFailureMillis() > System.currentTimeMillis() - RECENT_MS;
        Health.Builder builder = sink.congested() || failedRecently ? Health.down() : Health.up();
        return builder.withDetail("inFlight", sink.inFlight())
                .withDetail("published", sink.published())
                .withDetail("dropped", sink.dropped())
                .withDetail("congested", sink.congested())
                .build();
    }
}
