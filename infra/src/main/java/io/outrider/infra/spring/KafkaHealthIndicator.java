package io.outrider.infra.spring;

import io.outrider.infra.kafka.KafkaClusterHealth;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code kafka} in {@code /actuator/health}: UP while a broker answers. */
public class KafkaHealthIndicator implements HealthIndicator {

    private final Admin admin;
    private final String bootstrapServers;

    KafkaHealthIndicator(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public Health health() {
        KafkaClusterHealth health = KafkaClusterHealth.of(admin);
        Health.Builder builder = health.reachable() ? Health.up() : Health.down();
        builder.withDetail("bootstrapServers", bootstrapServers);
        if (!health.reachable())
            return builder.withDetail("error", String.valueOf(health.error())).build();
        return builder.withDetail("clusterId", health.clusterId())
                .withDetail("brokers", health.brokers())
                .build();
    }
}
