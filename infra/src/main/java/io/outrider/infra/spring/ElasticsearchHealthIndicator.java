package io.outrider.infra.spring;

import io.outrider.infra.elasticsearch.ClusterHealth;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code elasticsearch} in {@code /actuator/health}: UP while the cluster is reachable and not red. */
public class ElasticsearchHealthIndicator implements HealthIndicator {

    private final ElasticsearchConnection connection;

    ElasticsearchHealthIndicator(ElasticsearchConnection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        ClusterHealth health = ClusterHealth.of(connection.client());
        Health.Builder builder = health.usable() ? Health.up() : Health.down();
        builder.withDetail("uris", connection.uris().toString());
        if (!health.reachable()) {
            return builder.withDetail("error", String.valueOf(health.error())).build();
        }
        return builder.withDetail("status", health.status())
                .withDetail("clusterName", health.clusterName())
                .withDetail("nodes", health.nodes())
                .withDetail("activeShards", health.activeShards())
                .withDetail("unassignedShards", health.unassignedShards())
                .build();
    }
}
