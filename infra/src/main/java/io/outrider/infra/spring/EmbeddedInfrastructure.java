package io.outrider.infra.spring;

import io.outrider.infra.Versions;
import io.outrider.infra.elasticsearch.embedded.ElasticsearchDistribution;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearch;
import io.outrider.infra.elasticsearch.embedded.EmbeddedElasticsearchSettings;
import io.outrider.infra.kafka.embedded.EmbeddedKafka;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engines started in this process because no external one was configured: either, both or none. Elasticsearch
 * is launched first, so that it boots while Kafka starts; callers wait for it through {@link #elasticsearchUris()}.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private final @Nullable EmbeddedElasticsearch elasticsearch;
    private final @Nullable EmbeddedKafka kafka;

    private EmbeddedInfrastructure(@Nullable EmbeddedElasticsearch elasticsearch, @Nullable EmbeddedKafka kafka) {
        this.elasticsearch = elasticsearch;
        this.kafka = kafka;
    }

    /** Starts whatever {@code properties} leave unconfigured. */
    public static EmbeddedInfrastructure start(OutriderProperties properties) {
        EmbeddedElasticsearch elasticsearch = null;
        EmbeddedKafka kafka = null;
        try {
            if (properties.elasticsearch().uris().isEmpty()) {
                elasticsearch = launchElasticsearch(properties);
            }
            if (properties.kafka().bootstrapServers().isBlank()) {
                OutriderProperties.EmbeddedKafka settings = properties.kafka().embedded();
                Path dir = settings.dir() != null
                        ? settings.dir()
                        : properties.resolvedHome().resolve("kafka");
                kafka = EmbeddedKafka.start(dir, settings.port());
            }
            return new EmbeddedInfrastructure(elasticsearch, kafka);
        } catch (RuntimeException e) {
            if (elasticsearch != null) elasticsearch.close();
            if (kafka != null) kafka.close();
            throw e;
        }
    }

    private static EmbeddedElasticsearch launchElasticsearch(OutriderProperties properties) {
        OutriderProperties.EmbeddedElasticsearch embedded =
                properties.elasticsearch().embedded();
        EmbeddedElasticsearchSettings settings = (embedded.dir() != null
                        ? EmbeddedElasticsearchSettings.inDirectory(embedded.dir())
                        : EmbeddedElasticsearchSettings.underHome(properties.resolvedHome()))
                .withHeap(embedded.heap())
                .withPorts(embedded.httpPort(), embedded.transportPort())
                .withStartTimeout(embedded.startTimeout());
        if (embedded.javaHome() != null) settings = settings.withJavaHome(embedded.javaHome());
        ElasticsearchDistribution distribution =
                ElasticsearchDistribution.locate(Versions.current().elasticsearch(), embedded.distribution());
        EmbeddedElasticsearch node = new EmbeddedElasticsearch(settings, distribution);
        try {
            node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The embedded node, waited for until healthy; empty when none was started. */
    public List<URI> elasticsearchUris() {
        if (elasticsearch == null) return List.of();
        elasticsearch.awaitReady();
        return List.of(elasticsearch.uri());
    }

    public @Nullable EmbeddedElasticsearch elasticsearch() {
        return elasticsearch;
    }

    public @Nullable EmbeddedKafka kafka() {
        return kafka;
    }

    /** Whether anything runs embedded. */
    public boolean isEmpty() {
        return elasticsearch == null && kafka == null;
    }

    @Override
    public void close() {
        try {
            if (kafka != null) kafka.close();
        } finally {
            if (elasticsearch != null) elasticsearch.close();
        }
    }
}
