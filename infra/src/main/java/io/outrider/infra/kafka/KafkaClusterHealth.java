package io.outrider.infra.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.jspecify.annotations.Nullable;

/**
 * Whether the Kafka cluster answers, as seen by an admin client.
 *
 * @param error why it did not answer, when it did not
 */
public record KafkaClusterHealth(
        boolean reachable,
        String clusterId,
        int brokers,
        @Nullable String error) {

    /** Asks the cluster, waiting at most a few seconds; never throws. */
    public static KafkaClusterHealth of(Admin admin) {
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
            String clusterId = cluster.clusterId().get(4, TimeUnit.SECONDS);
            int brokers = cluster.nodes().get(4, TimeUnit.SECONDS).size();
            return new KafkaClusterHealth(
                    brokers > 0, clusterId, brokers, brokers > 0 ? null : "no broker is available");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KafkaClusterHealth(false, "", 0, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new KafkaClusterHealth(false, "", 0, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }
}
