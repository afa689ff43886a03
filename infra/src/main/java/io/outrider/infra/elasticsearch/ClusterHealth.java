package io.outrider.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The state of an Elasticsearch cluster as its health API reports it. (The distribution Outrider embeds has no
 * {@code GET /}, so health is the only reliable probe.)
 *
 * @param reachable whether the cluster answered at all
 * @param status green, yellow or red; {@code unknown} when unreachable
 * @param error why it could not be reached, when it could not
 */
public record ClusterHealth(
        boolean reachable,
        String status,
        String clusterName,
        int nodes,
        int activeShards,
        int unassignedShards,
        @Nullable String error) {

    /** Usable for reads and writes: reachable and not red (yellow only lacks replicas). */
    public boolean usable() {
        return reachable && !status.equals("red");
    }

    /** Asks the cluster; never throws. */
    public static ClusterHealth of(ElasticsearchClient client) {
        try {
            HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time("2s")));
            return new ClusterHealth(
                    true,
                    statusName(health.status()),
                    health.clusterName(),
                    health.numberOfNodes(),
                    health.activeShards(),
                    health.unassignedShards(),
                    null);
        } catch (Exception e) {
            return new ClusterHealth(
                    false, "unknown", "", 0, 0, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String statusName(HealthStatus status) {
        return status.jsonValue().toLowerCase(Locale.ROOT);
    }
}
