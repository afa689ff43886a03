package io.outrider.dedup.spring;

import io.outrider.core.alert.AlertJson;
import io.outrider.dedup.correlate.CallGraph;
import io.outrider.dedup.correlate.CorrelatorTraining;
import io.outrider.dedup.correlate.IncidentBook;
import io.outrider.dedup.correlate.RuleCorrelator;
import io.outrider.dedup.correlate.TrainingPair;
import io.outrider.dedup.impact.ImpactMeter;
import io.outrider.dedup.rca.IncidentLocalizer;
import io.outrider.dedup.rca.SeriesSource;
import io.outrider.dedup.store.FeedbackStore;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.TopicLoop;
import io.outrider.infra.spring.Schedules;
import java.io.IOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Correlation: reads {@code outrider.alerts} (consumer group {@code outrider-correlator}; keyed by unit, so each
 * unit has one correlator), folds the alerts into incidents with the learned correlator (or the rules) over the call
 * graph (a {@link CallGraphSource} bean when the application has one), stores them and publishes their changes. With
 * a {@link SeriesSource} bean, a Quartz job ranks the root cause of the open incidents again every
 * {@code outrider.incidents.localize-interval}.
 */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
@EnableConfigurationProperties(IncidentProperties.class)
public class IncidentAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IncidentAutoConfiguration.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(java.time.ZoneOffset.UTC);

    /** The call graph correlation measures distances in. */
    public interface CallGraphSource extends Supplier<CallGraph> {}

    @Bean
    IndexTemplate incidentsIndexTemplate() {
        return IncidentStore.indexTemplate();
    }

    @Bean
    IncidentStore incidentStore(ElasticsearchConnection elasticsearch, IndexTemplates templates) {
        return new IncidentStore(elasticsearch.client());
    }

    @Bean
    IndexTemplate correlatorFeedbackIndexTemplate() {
        return FeedbackStore.indexTemplate();
    }

    @Bean
    FeedbackStore feedbackStore(ElasticsearchConnection elasticsearch, IndexTemplates templates) {
        return new FeedbackStore(elasticsearch.client());
    }

    /** The learned correlator (shipped simulated pairs + stored feedback), or the rules when so configured. */
    @Bean
    CorrelatorTraining correlatorTraining(IncidentProperties properties, FeedbackStore feedback, Clock clock) {
        RuleCorrelator rules = new RuleCorrelator(properties.window());
        if (properties.correlator() == IncidentProperties.Mode.RULES)
            return new CorrelatorTraining(List.of(), List.of(), rules, clock);
        List<TrainingPair> labels = List.of();
        try {
            labels = feedback.all();
        } catch (IOException | RuntimeException e) {
            log.warn("Correlator feedback not read ({}); training on the simulated pairs alone", e.toString());
        }
        return new CorrelatorTraining(CorrelatorTraining.simulatedPairs(), labels, rules, clock);
    }

    @Bean(destroyMethod = "close")
    IncidentService incidentService(
            IncidentStore store,
            CorrelatorTraining training,
            FeedbackStore feedback,
            KafkaClientSettings kafka,
            ObjectProvider<CallGraphSource> graphs,
            ObjectProvider<SeriesSource> series,
            Clock clock) {
        CallGraphSource graph = graphs.getIfAvailable(() -> () -> CallGraph.EMPTY);
        SeriesSource source = series.getIfAvailable();
        IncidentLocalizer localizer = source == null ? null : new IncidentLocalizer(source);
        ImpactMeter impact = source == null ? null : new ImpactMeter(source);
        IncidentBook book = new IncidentBook(
                training::current,
                graph,
                () -> "INC-" + ID_TIME.format(clock.instant()) + "-"
                        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36));
        IncidentService service =
                new IncidentService(book, store, training, feedback, kafka, localizer, impact, graph, clock);
        service.restore();
        return service;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.incidents.enabled", matchIfMissing = true)
    TopicLoop incidentCorrelator(IncidentService incidents, KafkaClientSettings kafka) {
        return new TopicLoop(
                        "incident-correlator",
                        kafka,
                        "outrider-correlator",
                        List.of(OutriderTopics.ALERTS),
                        records -> {
                            List<io.outrider.core.alert.Alert> alerts = new java.util.ArrayList<>();
                            for (ConsumerRecord<String, byte[]> record : records) {
                                try {
                                    alerts.add(AlertJson.decode(record.value()));
                                } catch (IllegalArgumentException e) {
                                    log.warn("Unreadable alert event skipped: {}", e.getMessage());
                                }
                            }
                            incidents.acceptAll(alerts);
                        },
                        incidents::taking)
                .start();
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.incidents.enabled", matchIfMissing = true)
    JobDetail rootCauseJob() {
        return Schedules.job(
                RootCauseJob.class,
                "root-cause",
                "Ranks the root cause of the open incidents again on the latest series");
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.incidents.enabled", matchIfMissing = true)
    Trigger rootCauseTrigger(IncidentProperties properties) {
        return Schedules.every("root-cause", properties.localizeInterval());
    }

    @Bean
    IncidentController incidentController(IncidentService incidents) {
        return new IncidentController(incidents);
    }

    @Bean
    CorrelatorController correlatorController(CorrelatorTraining training) {
        return new CorrelatorController(training);
    }
}
