package io.outrider.infra.spring;

import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexRetention;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.elasticsearch.RetentionPolicy;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.OutriderTopics.TopicSpec;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires Elasticsearch and Kafka: external when {@code outrider.elasticsearch.uris} /
 * {@code outrider.kafka.bootstrap-servers} are set, embedded otherwise. Index templates and topics exist before
 * any other bean can use the clients.
 */
@AutoConfiguration
@EnableConfigurationProperties(OutriderProperties.class)
public class InfraAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    EmbeddedInfrastructure embeddedInfrastructure(OutriderProperties properties) {
        return EmbeddedInfrastructure.start(properties);
    }

    /** The Elasticsearch connection, to the configured cluster or to the embedded node once it is healthy. */
    @Bean(destroyMethod = "close")
    ElasticsearchConnection elasticsearchConnection(OutriderProperties properties, EmbeddedInfrastructure embedded) {
        OutriderProperties.Elasticsearch es = properties.elasticsearch();
        List<URI> uris = es.uris().isEmpty() ? embedded.elasticsearchUris() : es.uris();
        return ElasticsearchConnection.open(uris, es.connectTimeout(), es.socketTimeout());
    }

    /** The template registry, with every {@link IndexTemplate} bean of the modules installed. */
    @Bean
    IndexTemplates indexTemplates(
            ElasticsearchConnection connection, OutriderProperties properties, List<IndexTemplate> templates) {
        IndexTemplates registry = new IndexTemplates(
                connection.client(),
                new IndexTemplates.IndexSettings(
                        properties.elasticsearch().shards(),
                        properties.elasticsearch().replicas()));
        registry.install(templates);
        return registry;
    }

    @Bean
    IndexRetention indexRetention(ElasticsearchConnection connection, OutriderProperties properties, Clock clock) {
        OutriderProperties.Retention retention = properties.retention();
        return new IndexRetention(
                connection.client(),
                new RetentionPolicy(retention.days(), retention.months(), retention.daysByFamily()),
                clock);
    }

    @Bean
    JobDetail indexRetentionJob() {
        return Schedules.job(
                IndexRetentionJob.class, "index-retention", "Deletes whole expired daily and monthly indices");
    }

    @Bean
    Trigger indexRetentionTrigger(OutriderProperties properties) {
        return Schedules.every("index-retention", properties.retention().interval());
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(OutriderProperties properties, EmbeddedInfrastructure embedded) {
        return Admin.create(kafkaSettings(properties, embedded).admin());
    }

    /** Settings for every producer and consumer; the topics exist once this bean does. */
    @Bean
    KafkaClientSettings kafkaClientSettings(
            OutriderProperties properties, EmbeddedInfrastructure embedded, Admin kafkaAdmin) {
        OutriderProperties.Kafka kafka = properties.kafka();
        List<TopicSpec> topics = OutriderTopics.ALL.stream()
                .map(topic -> new TopicSpec(
                        topic,
                        kafka.partitions().getOrDefault(OutriderTopics.shortName(topic), kafka.defaultPartitions()),
                        kafka.replicationFactor()))
                .toList();
        OutriderTopics.ensure(kafkaAdmin, topics);
        return kafkaSettings(properties, embedded);
    }

    private static KafkaClientSettings kafkaSettings(OutriderProperties properties, EmbeddedInfrastructure embedded) {
        OutriderProperties.Kafka kafka = properties.kafka();
        String servers = kafka.bootstrapServers().isBlank()
                ? java.util.Objects.requireNonNull(embedded.kafka(), "embedded Kafka")
                        .bootstrapServers()
                : kafka.bootstrapServers();
        return new KafkaClientSettings(servers, kafka.clientIdPrefix());
    }

    @Bean
    ElasticsearchHealthIndicator elasticsearchHealthIndicator(ElasticsearchConnection connection) {
        return new ElasticsearchHealthIndicator(connection);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin kafkaAdmin, KafkaClientSettings settings) {
        return new KafkaHealthIndicator(kafkaAdmin, settings.bootstrapServers());
    }
}
