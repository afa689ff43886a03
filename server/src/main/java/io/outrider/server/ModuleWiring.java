package io.outrider.server;

import io.outrider.dedup.correlate.CallGraph;
import io.outrider.dedup.rca.SeriesSource;
import io.outrider.dedup.spring.IncidentAutoConfiguration;
import io.outrider.topology.graph.ServiceGraph;
import io.outrider.topology.graph.TopologyStore;
import io.outrider.topology.report.ReportStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What connects two modules without either depending on the other: the topology's call graph for correlation, and
 * its minute reports as the series of root-cause localization and the KPIs of an incident's impact.
 */
@Configuration(proxyBeanMethods = false)
class ModuleWiring {

    private static final Logger log = LoggerFactory.getLogger(ModuleWiring.class);

    /** The series root-cause localization ranks services on. */
    @Bean
    SeriesSource seriesSource(ReportStore reports, io.outrider.dedup.spring.IncidentProperties incidents) {
        return new ReportSeries(reports, incidents.kpiServices());
    }

    /** The calls of the last hour, read again at most every 15 s. */
    @Bean
    IncidentAutoConfiguration.CallGraphSource callGraphSource(TopologyStore topology, Clock clock) {
        return new IncidentAutoConfiguration.CallGraphSource() {
            private CallGraph cached = CallGraph.EMPTY;
            private Instant readAt = Instant.MIN;

            @Override
            public synchronized CallGraph get() {
                Instant now = clock.instant();
                if (Duration.between(readAt, now).compareTo(Duration.ofSeconds(15)) < 0) return cached;
                readAt = now;
                try {
                    ServiceGraph graph = topology.graph(now.minus(Duration.ofHours(1)), now);
                    Map<String, Set<String>> calls = new HashMap<>();
                    graph.edges()
                            .keySet()
                            .forEach(edge -> calls.computeIfAbsent(edge.caller(), k -> new HashSet<>())
                                    .add(edge.callee()));
                    cached = new CallGraph(calls);
                } catch (java.io.IOException | RuntimeException e) {
                    log.warn("Call graph not read ({}); correlating with the last one", e.toString());
                }
                return cached;
            }
        };
    }
}
