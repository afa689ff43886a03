package io.outrider.topology.spring;

import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.topology.graph.TopologyStore;
import io.outrider.topology.graph.TopologyWriter;
import io.outrider.topology.trace.TraceStore;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The dependency graph built from the span stream, and the graph and trace endpoints. */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
@EnableConfigurationProperties(TopologyProperties.class)
public class TopologyAutoConfiguration {

    @Bean
    IndexTemplate topologyIndexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-topology",
                List.of(TopologyWriter.INDEX_PREFIX + "*"),
                100,
                TopologyWriter.class,
                "topology-template.json");
    }

    /** Starts after the templates are installed, so the first index gets its mapping. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.topology.enabled", matchIfMissing = true)
    TopologyWriter topologyWriter(
            ElasticsearchConnection elasticsearch,
            IndexTemplates templates,
            KafkaClientSettings kafka,
            TopologyProperties properties,
            Clock clock) {
        return new TopologyWriter(
                        elasticsearch.client(),
                        kafka,
                        OutriderTopics.SPANS,
                        TopologyWriter.GROUP,
                        properties.flushInterval(),
                        properties.keepInMemory(),
                        clock)
                .start();
    }

    @Bean
    TopologyStore topologyStore(ElasticsearchConnection elasticsearch) {
        return new TopologyStore(elasticsearch.client());
    }

    @Bean
    TopologyController topologyController(TopologyStore store, Clock clock) {
        return new TopologyController(store, clock);
    }

    @Bean
    TraceStore traceStore(ElasticsearchConnection elasticsearch) {
        return new TraceStore(elasticsearch.client());
    }

    @Bean
    TraceController traceController(TraceStore store) {
        return new TraceController(store);
    }
}
