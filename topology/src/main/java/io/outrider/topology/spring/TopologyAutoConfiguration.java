package io.outrider.topology.spring;

import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.topology.trace.TraceStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The trace (logview) endpoints over the stored span trees. */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
public class TopologyAutoConfiguration {

    @Bean
    TraceStore traceStore(ElasticsearchConnection elasticsearch) {
        return new TraceStore(elasticsearch.client());
    }

    @Bean
    TraceController traceController(TraceStore store) {
        return new TraceController(store);
    }
}
