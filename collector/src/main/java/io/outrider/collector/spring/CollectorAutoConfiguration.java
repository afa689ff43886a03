package io.outrider.collector.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.server.CatTcpServer;
import io.outrider.collector.cat.server.ClientStats;
import io.outrider.collector.elasticsearch.CollectorInstances;
import io.outrider.collector.elasticsearch.SpanDocument;
import io.outrider.collector.elasticsearch.SpanIndexWriter;
import io.outrider.collector.ingest.IngestCounters;
import io.outrider.collector.kafka.KafkaIngestSink;
import io.outrider.collector.otlp.OtlpHttpServer;
import io.outrider.collector.prometheus.PrometheusScraper;
import io.outrider.collector.prometheus.ScrapeTarget;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Wires the CAT listener to Kafka, the router endpoint, the collector's health and its self-metrics. */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
@EnableConfigurationProperties(CollectorProperties.class)
public class CollectorAutoConfiguration {

    @Bean(destroyMethod = "close")
    KafkaIngestSink kafkaIngestSink(KafkaClientSettings kafka, CollectorProperties properties) {
        return new KafkaIngestSink(kafka, properties.maxInFlight());
    }

    @Bean
    IndexTemplate spansIndexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-spans",
                List.of(SpanDocument.INDEX_PREFIX + "*"),
                100,
                SpanDocument.class,
                "spans-template.json");
    }

    /** Starts after the templates are installed (it needs {@link IndexTemplates}), so the first index gets its mapping. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.collector.span-writer.enabled", matchIfMissing = true)
    SpanIndexWriter spanIndexWriter(
            ElasticsearchConnection elasticsearch,
            IndexTemplates templates,
            KafkaClientSettings kafka,
            KafkaIngestSink sink,
            CollectorProperties properties) {
        CollectorProperties.SpanWriter writer = properties.spanWriter();
        return new SpanIndexWriter(elasticsearch.client(), kafka, sink::deadLetter, writer.maxBatch(), writer.workers())
                .start();
    }

    @Bean
    IngestCounters ingestCounters(ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfAvailable();
        return meters != null ? new IngestCounters(meters) : IngestCounters.unregistered();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.collector.otlp.enabled", matchIfMissing = true)
    OtlpHttpServer otlpHttpServer(CollectorProperties properties, KafkaIngestSink sink, IngestCounters counters)
            throws UnknownHostException {
        CollectorProperties.Otlp otlp = properties.otlp();
        return OtlpHttpServer.start(
                new OtlpHttpServer.Settings(
                        InetAddress.getByName(otlp.bindAddress()),
                        otlp.port(),
                        (int) otlp.maxBody().toBytes(),
                        otlp.bearerToken()),
                sink,
                counters);
    }

    @Bean(destroyMethod = "close")
    PrometheusScraper prometheusScraper(CollectorProperties properties, KafkaIngestSink sink, IngestCounters counters) {
        CollectorProperties.Prometheus prometheus = properties.prometheus();
        return new PrometheusScraper(
                        prometheus.targets().stream()
                                .map(t -> new ScrapeTarget(t.job(), t.url(), t.labels()))
                                .toList(),
                        prometheus.interval(),
                        prometheus.timeout(),
                        (int) prometheus.maxBody().toBytes(),
                        sink,
                        counters)
                .start();
    }

    @Bean
    ScrapeTargetsController scrapeTargetsController(PrometheusScraper scraper) {
        return new ScrapeTargetsController(scraper);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.collector.cat.enabled", matchIfMissing = true)
    CatTcpServer catTcpServer(CollectorProperties properties, KafkaIngestSink sink, IngestCounters counters)
            throws UnknownHostException {
        CollectorProperties.Cat cat = properties.cat();
        return CatTcpServer.start(
                new CatTcpServer.Settings(
                        InetAddress.getByName(cat.bindAddress()),
                        cat.port(),
                        (int) cat.maxFrame().toBytes(),
                        cat.allowedClients(),
                        DecodeLimits.DEFAULT),
                sink,
                counters);
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.collector.cat.enabled", matchIfMissing = true)
    CatRouterController catRouterController(
            CollectorProperties properties, CatTcpServer server, ObjectProvider<CollectorInstances> instances) {
        return new CatRouterController(properties.cat(), server, instances.getIfAvailable());
    }

    /** This instance's heartbeat, so that every instance's router lists all live ones. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.collector.cat.enabled", matchIfMissing = true)
    CollectorInstances collectorInstances(
            ElasticsearchConnection elasticsearch,
            IndexTemplates templates,
            CollectorProperties properties,
            CatTcpServer cat,
            ObjectProvider<OtlpHttpServer> otlp) {
        OtlpHttpServer receiver = otlp.getIfAvailable();
        return new CollectorInstances(
                        elasticsearch.client(),
                        CatRouterController.endpoint(properties.cat(), cat.port()),
                        receiver == null ? "" : properties.otlp().bindAddress() + ":" + receiver.port(),
                        java.time.Duration.ofSeconds(10))
                .start();
    }

    @Bean
    IndexTemplate collectorsIndexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-collectors",
                List.of(CollectorInstances.INDEX),
                100,
                CollectorInstances.class,
                "collectors-template.json");
    }

    @Bean
    CollectorHealthIndicator collectorHealthIndicator(KafkaIngestSink sink) {
        return new CollectorHealthIndicator(sink);
    }

    @Bean
    MeterBinder collectorMetrics(
            KafkaIngestSink sink,
            org.springframework.beans.factory.ObjectProvider<CatTcpServer> cat,
            org.springframework.beans.factory.ObjectProvider<SpanIndexWriter> spanWriter,
            org.springframework.beans.factory.ObjectProvider<PrometheusScraper> prometheusScraper) {
        return registry -> {
            CatTcpServer server = cat.getIfAvailable();
            if (server != null) {
                catCounter(
                        registry, server, "outrider_collector_cat_frames", "CAT frames decoded", ClientStats::frames);
                catCounter(
                        registry,
                        server,
                        "outrider_collector_cat_bytes",
                        "Bytes received from CAT clients",
                        ClientStats::bytes);
                catCounter(
                        registry,
                        server,
                        "outrider_collector_cat_messages",
                        "Messages in the decoded trees",
                        ClientStats::messages);
                catCounter(
                        registry,
                        server,
                        "outrider_collector_cat_malformed_frames",
                        "Frames that could not be decoded",
                        ClientStats::malformed);
                catCounter(
                        registry,
                        server,
                        "outrider_collector_cat_oversized_frames",
                        "Frames over the cap",
                        ClientStats::oversized);
                catCounter(
                        registry,
                        server,
                        "outrider_collector_cat_refused_connections",
                        "Connections from networks not allowed",
                        ClientStats::refusedConnections);
                catCounter(
                        registry,
                        server,
                        "outrider_collector_cat_read_pauses",
                        "Times reading from a CAT client paused while Kafka was congested (backpressure)",
                        ClientStats::readPauses);
            }
            FunctionCounter.builder("outrider_collector_published_trees", sink, KafkaIngestSink::published)
                    .description("Trees Kafka acknowledged")
                    .register(registry);
            FunctionCounter.builder("outrider_collector_published_points", sink, KafkaIngestSink::publishedPoints)
                    .description("Metric points Kafka acknowledged")
                    .register(registry);
            FunctionCounter.builder("outrider_collector_dropped_records", sink, KafkaIngestSink::dropped)
                    .description("Records Kafka did not take within the delivery timeout")
                    .register(registry);
            FunctionCounter.builder("outrider_collector_dead_letters", sink, KafkaIngestSink::deadLettered)
                    .description("Dead letters published")
                    .register(registry);
            Gauge.builder("outrider_collector_kafka_in_flight", sink, KafkaIngestSink::inFlight)
                    .description("Records sent to Kafka and not yet acknowledged")
                    .register(registry);
            PrometheusScraper scraper = prometheusScraper.getIfAvailable();
            if (scraper != null) {
                for (PrometheusScraper.TargetHealth target : scraper.targets()) {
                    ScrapeTarget t = target.target();
                    Gauge.builder(
                                    "outrider_collector_scrape_target_up",
                                    scraper,
                                    s -> s.targets().stream()
                                                    .anyMatch(h -> h.target().equals(t)
                                                            && h.health().equals("up"))
                                            ? 1
                                            : 0)
                            .description("1 when the last scrape of the target worked")
                            .tag("job", t.job())
                            .tag("instance", t.instance())
                            .register(registry);
                }
            }
            SpanIndexWriter writer = spanWriter.getIfAvailable();
            if (writer != null) {
                FunctionCounter.builder("outrider_collector_spans_indexed", writer, SpanIndexWriter::indexed)
                        .description("Span documents Elasticsearch took")
                        .register(registry);
                FunctionCounter.builder("outrider_collector_bulk_retries", writer, SpanIndexWriter::retries)
                        .description("Bulk requests retried")
                        .register(registry);
                FunctionCounter.builder("outrider_collector_spans_rejected", writer, SpanIndexWriter::rejected)
                        .description("Span documents Elasticsearch refused for good (dead-lettered)")
                        .register(registry);
                Gauge.builder("outrider_collector_span_writer_lag", writer, SpanIndexWriter::lag)
                        .description("Span records not yet read by the Elasticsearch writer (most lagging partition)")
                        .register(registry);
                Gauge.builder("outrider_collector_bulk_seconds_mean", writer, SpanIndexWriter::meanBulkSeconds)
                        .description("Mean bulk latency")
                        .register(registry);
            }
        };
    }

    private static void catCounter(
            io.micrometer.core.instrument.MeterRegistry registry,
            CatTcpServer server,
            String name,
            String description,
            ToLongFunction<ClientStats> value) {
        FunctionCounter.builder(
                        name,
                        server,
                        s -> s.clients().values().stream().mapToLong(value).sum())
                .description(description)
                .register(registry);
    }
}
