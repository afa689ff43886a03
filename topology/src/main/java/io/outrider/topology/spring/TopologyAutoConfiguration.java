package io.outrider.topology.spring;

import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.topology.graph.TopologyRollup;
import io.outrider.topology.graph.TopologyStore;
import io.outrider.topology.report.ReportRollup;
import io.outrider.topology.report.ReportStore;
import io.outrider.topology.rollup.MinuteRollupWriter;
import io.outrider.topology.rollup.Rollup;
import io.outrider.topology.trace.TraceStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The dependency graph and the reports built from the span stream, and their endpoints and the trace endpoint. */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
@EnableConfigurationProperties(TopologyProperties.class)
public class TopologyAutoConfiguration {

    @Bean
    IndexTemplate topologyIndexTemplate() {
        return new TopologyRollup().indexTemplate();
    }

    @Bean
    IndexTemplate reportsIndexTemplate() {
        return new ReportRollup().indexTemplate();
    }

    /** Starts after the templates are installed (it needs {@link IndexTemplates}), so the first index gets its mapping. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.topology.enabled", matchIfMissing = true)
    MinuteRollupWriter topologyWriter(
            ElasticsearchConnection elasticsearch,
            IndexTemplates templates,
            KafkaClientSettings kafka,
            TopologyProperties properties,
            Clock clock) {
        return writer(new TopologyRollup(), TopologyRollup.GROUP, elasticsearch, kafka, properties, clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.topology.enabled", matchIfMissing = true)
    MinuteRollupWriter reportWriter(
            ElasticsearchConnection elasticsearch,
            IndexTemplates templates,
            KafkaClientSettings kafka,
            TopologyProperties properties,
            Clock clock) {
        return writer(new ReportRollup(), ReportRollup.GROUP, elasticsearch, kafka, properties, clock);
    }

    private static MinuteRollupWriter writer(
            Rollup rollup,
            String group,
            ElasticsearchConnection elasticsearch,
            KafkaClientSettings kafka,
            TopologyProperties properties,
            Clock clock) {
        return new MinuteRollupWriter(
                        rollup,
                        elasticsearch.client(),
                        kafka,
                        OutriderTopics.SPANS,
                        group,
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
    ReportStore reportStore(ElasticsearchConnection elasticsearch) {
        return new ReportStore(elasticsearch.client());
    }

    @Bean
    TopologyController topologyController(TopologyStore store, ReportStore reports, Clock clock) {
        return new TopologyController(store, reports, clock);
    }

    @Bean
    ReportController reportController(ReportStore store, Clock clock) {
        return new ReportController(store, clock);
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
