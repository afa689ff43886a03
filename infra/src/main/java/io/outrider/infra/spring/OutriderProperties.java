package io.outrider.infra.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outrider's infrastructure settings ({@code outrider.*}). Leaving {@code outrider.elasticsearch.uris} or
 * {@code outrider.kafka.bootstrap-servers} empty starts the embedded engine instead.
 *
 * @param home where embedded engines keep their files; default {@code ~/.outrider}
 */
@ConfigurationProperties("outrider")
public record OutriderProperties(
        @Nullable Path home,
        @DefaultValue Elasticsearch elasticsearch,
        @DefaultValue Kafka kafka,
        @DefaultValue Retention retention) {

    /** The home directory, with its default applied. */
    public Path resolvedHome() {
        return home != null ? home : Path.of(System.getProperty("user.home"), ".outrider");
    }

    /**
     * @param uris external cluster nodes; empty starts the embedded node
     * @param shards primary shards of each Outrider index
     * @param replicas replicas of each shard (0 suits one node)
     */
    public record Elasticsearch(
            @DefaultValue List<URI> uris,
            @DefaultValue("1") int shards,
            @DefaultValue("0") int replicas,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("30s") Duration socketTimeout,
            @DefaultValue EmbeddedElasticsearch embedded) {}

    /**
     * @param dir where the node's distribution copy, config, data and logs go; default {@code HOME/elasticsearch}
     * @param distribution the distribution zip; default: from the local Maven repository
     * @param javaHome the Java that runs Elasticsearch; default: the one running Outrider
     */
    public record EmbeddedElasticsearch(
            @Nullable Path dir,
            @Nullable Path distribution,
            @Nullable Path javaHome,
            @DefaultValue("512m") String heap,
            @DefaultValue("0") int httpPort,
            @DefaultValue("0") int transportPort,
            @DefaultValue("120s") Duration startTimeout) {}

    /**
     * @param bootstrapServers external brokers; empty starts the embedded broker
     * @param defaultPartitions partitions of each topic without an entry in {@code partitions}
     * @param partitions partitions per topic, by short name ({@code spans}, {@code metrics}, {@code alerts},
     *     {@code incidents}, {@code deadletter})
     * @param replicationFactor replicas of each partition; -1 for the broker's default
     */
    public record Kafka(
            @DefaultValue("") String bootstrapServers,
            @DefaultValue("6") int defaultPartitions,
            @DefaultValue Map<String, Integer> partitions,
            @DefaultValue("-1") short replicationFactor,
            @DefaultValue("outrider") String clientIdPrefix,
            @DefaultValue EmbeddedKafka embedded) {}

    /** @param dir the broker's data; default {@code HOME/kafka} */
    public record EmbeddedKafka(
            @Nullable Path dir, @DefaultValue("0") int port) {}

    /**
     * @param days days a daily index is kept besides today's
     * @param months months a monthly index (alerts, audit) is kept besides the current one
     * @param daysByFamily {@code days} per index family, e.g. {@code spans: 3}
     * @param interval how often expired indices are looked for
     */
    public record Retention(
            @DefaultValue("7") int days,
            @DefaultValue("13") int months,
            @DefaultValue Map<String, Integer> daysByFamily,
            @DefaultValue("1h") Duration interval) {}
}
