package io.outrider.alert.spring;

import io.outrider.alert.eval.AlertEngine;
import io.outrider.alert.rule.RuleCatalog;
import io.outrider.alert.store.AlertHistory;
import io.outrider.alert.store.SilenceStore;
import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.codec.Nt1Decoder;
import io.outrider.core.alert.Alert;
import io.outrider.core.alert.AlertJson;
import io.outrider.core.metric.MetricPointJson;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.TopicLoop;
import io.outrider.infra.spring.OutriderProperties;
import io.outrider.infra.spring.Schedules;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The alert engine: it reads {@code outrider.spans} and {@code outrider.metrics} (consumer group
 * {@code outrider-alert-engine}: the partitions, hence the services, are shared among instances), evaluates the
 * rules on a Quartz tick, publishes events on {@code outrider.alerts}, and stores them in
 * {@code outrider-alerts-*} (consumer group {@code outrider-alert-history}).
 */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
@EnableConfigurationProperties(AlertProperties.class)
public class AlertEngineAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertEngineAutoConfiguration.class);

    @Bean
    IndexTemplate alertsIndexTemplate() {
        return AlertHistory.indexTemplate();
    }

    @Bean
    IndexTemplate silencesIndexTemplate() {
        return SilenceStore.indexTemplate();
    }

    @Bean
    RuleCatalog alertRuleCatalog(AlertProperties properties, OutriderProperties outrider) {
        Path dir = properties.rulesDir() != null
                ? properties.rulesDir()
                : outrider.resolvedHome().resolve("alert-rules");
        RuleCatalog catalog = new RuleCatalog(dir, properties.defaultRules());
        catalog.reload();
        catalog.errors().forEach(error -> log.warn("Alert rule error: {}", error));
        log.info(
                "Alert rules from {}{}: {} in force",
                dir,
                properties.defaultRules() ? " and the shipped defaults" : "",
                catalog.current().rules().size());
        return catalog;
    }

    /** Needs {@link IndexTemplates}: the templates exist before anything is written. */
    @Bean
    SilenceStore silenceStore(ElasticsearchConnection elasticsearch, IndexTemplates templates, Clock clock) {
        return new SilenceStore(elasticsearch.client(), clock);
    }

    @Bean
    AlertHistory alertHistory(ElasticsearchConnection elasticsearch, IndexTemplates templates) {
        return new AlertHistory(elasticsearch.client());
    }

    @Bean(destroyMethod = "close")
    AlertPublisher alertPublisher(KafkaClientSettings kafka) {
        return new AlertPublisher(kafka);
    }

    @Bean
    AlertEngine alertEngine(
            AlertProperties properties,
            RuleCatalog catalog,
            SilenceStore silences,
            AlertPublisher publisher,
            Clock clock,
            @Value("${server.port:8080}") int port) {
        String console = properties.consoleUrl() != null ? properties.consoleUrl() : "http://127.0.0.1:" + port;
        AlertEngine engine = new AlertEngine(
                new AlertEngine.Settings(console, properties.lateness(), properties.maxSeries()),
                clock,
                publisher,
                silences::current);
        engine.setRules(catalog.current());
        return engine;
    }

    /**
     * Spans and metric points into the engine's windows. Both topics are keyed by service: the services of the
     * partitions a rebalance takes away are forgotten here (their new owner evaluates them).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.alerts.enabled", matchIfMissing = true)
    TopicLoop alertEngineInput(AlertEngine engine, KafkaClientSettings kafka) {
        Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
        AtomicLong unreadable = new AtomicLong();
        Map<TopicPartition, Set<String>> servicesOf = new HashMap<>(); // the loop's thread only
        return new TopicLoop(
                        "alert-engine-input",
                        kafka,
                        "outrider-alert-engine",
                        List.of(OutriderTopics.SPANS, OutriderTopics.METRICS),
                        records -> {
                            for (ConsumerRecord<String, byte[]> record : records) {
                                if (record.key() != null)
                                    servicesOf
                                            .computeIfAbsent(
                                                    new TopicPartition(record.topic(), record.partition()),
                                                    p -> new HashSet<>())
                                            .add(record.key());
                                try {
                                    if (record.topic().equals(OutriderTopics.SPANS))
                                        engine.add(decoder.decode(ByteBuffer.wrap(record.value())));
                                    else engine.add(MetricPointJson.decode(record.value()));
                                } catch (RuntimeException e) {
                                    if (unreadable.incrementAndGet() % 1000 == 1)
                                        log.warn(
                                                "Unreadable record on {} skipped ({} so far): {}",
                                                record.topic(),
                                                unreadable.get(),
                                                e.getMessage());
                                }
                            }
                        })
                .onReleased(released -> {
                    Set<String> gone = new HashSet<>();
                    for (TopicPartition partition : released) {
                        Set<String> services = servicesOf.remove(partition);
                        if (services != null) gone.addAll(services);
                    }
                    if (!gone.isEmpty()) log.info("Alert rules of {} now evaluated by another instance", gone);
                    engine.forget(gone);
                })
                .start();
    }

    /** Alert events into Elasticsearch; a batch Elasticsearch refuses is read again. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.alerts.enabled", matchIfMissing = true)
    TopicLoop alertHistoryWriter(AlertHistory history, KafkaClientSettings kafka) {
        return new TopicLoop(
                        "alert-history-writer",
                        kafka,
                        "outrider-alert-history",
                        List.of(OutriderTopics.ALERTS),
                        records -> {
                            List<Alert> alerts = new ArrayList<>();
                            for (ConsumerRecord<String, byte[]> record : records) {
                                try {
                                    alerts.add(AlertJson.decode(record.value()));
                                } catch (IllegalArgumentException e) {
                                    log.warn("Unreadable alert event skipped: {}", e.getMessage());
                                }
                            }
                            history.write(alerts);
                        })
                .start();
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.alerts.enabled", matchIfMissing = true)
    JobDetail alertTickJob() {
        return Schedules.job(
                AlertTickJob.class,
                "alert-tick",
                "Closes due windows and evaluates the alert rules; rereads rules and silences");
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.alerts.enabled", matchIfMissing = true)
    Trigger alertTickTrigger(AlertProperties properties) {
        return Schedules.every("alert-tick", properties.tickInterval());
    }

    @Bean
    AlertEngineMetrics alertEngineMetrics(AlertEngine engine, RuleCatalog catalog, AlertPublisher publisher) {
        return new AlertEngineMetrics(engine, catalog, publisher);
    }

    @Bean
    AlertController alertController(AlertEngine engine, AlertHistory history, AlertPublisher publisher, Clock clock) {
        return new AlertController(engine, history, publisher, clock);
    }

    @Bean
    AlertRuleController alertRuleController(RuleCatalog catalog, AlertEngine engine) {
        return new AlertRuleController(catalog, engine);
    }

    @Bean
    SilenceController silenceController(SilenceStore store, Clock clock) {
        return new SilenceController(store, clock);
    }
}
