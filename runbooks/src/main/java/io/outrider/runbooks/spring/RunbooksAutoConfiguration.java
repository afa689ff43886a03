package io.outrider.runbooks.spring;

import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.elasticsearch.IndexTemplate;
import io.outrider.infra.elasticsearch.IndexTemplates;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.TopicLoop;
import io.outrider.infra.spring.Schedules;
import io.outrider.runbooks.action.ControlClient;
import io.outrider.runbooks.catalog.RunbookCatalog;
import io.outrider.runbooks.run.AuditLog;
import io.outrider.runbooks.run.RunStore;
import io.outrider.runbooks.run.RunbookExecutor;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Runbooks in the server: the catalog (shipped plus {@code outrider.runbooks.directory}), the executor over the
 * control APIs of {@code outrider.runbooks.targets}, runs in {@code outrider-runbook-runs}, the audit in
 * {@code outrider-audit-*}, a Quartz tick that advances runs, a consumer of {@code outrider.incidents}
 * (group {@code outrider-runbooks}) that proposes the runbooks an incident's root cause calls for, and the HTTP API.
 */
@AutoConfiguration(afterName = "io.outrider.infra.spring.InfraAutoConfiguration")
@EnableConfigurationProperties(RunbookProperties.class)
public class RunbooksAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RunbooksAutoConfiguration.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

    @Bean
    IndexTemplate runbookRunsIndexTemplate() {
        return RunStore.indexTemplate();
    }

    @Bean
    IndexTemplate runbookAuditIndexTemplate() {
        return AuditLog.indexTemplate();
    }

    @Bean
    AtomicReference<RunbookCatalog.Loaded> runbookCatalog(RunbookProperties properties) {
        RunbookCatalog.Loaded loaded = RunbookCatalog.load(properties.directory());
        loaded.errors().forEach(e -> log.warn("Runbook error: {}", e));
        log.info("Runbooks in force: {}", loaded.runbooks().keySet());
        return new AtomicReference<>(loaded);
    }

    @Bean
    RunStore runStore(ElasticsearchConnection elasticsearch, IndexTemplates templates) {
        return new RunStore(elasticsearch.client());
    }

    @Bean
    AuditLog runbookAuditLog(ElasticsearchConnection elasticsearch, IndexTemplates templates) {
        return new AuditLog(elasticsearch.client());
    }

    /** When incidents were resolved, as the trigger reads them; the executor's hold before a revert. */
    @Bean
    ResolvedIncidents resolvedIncidents() {
        return new ResolvedIncidents();
    }

    @Bean
    RunbookExecutor runbookExecutor(
            RunbookProperties properties,
            AtomicReference<RunbookCatalog.Loaded> catalog,
            RunStore runs,
            AuditLog audit,
            ResolvedIncidents resolved,
            Clock clock,
            org.springframework.beans.factory.ObjectProvider<io.outrider.runbooks.run.RunListener> listener) {
        return new RunbookExecutor(
                () -> catalog.get().runbooks(),
                runs,
                audit,
                new ControlClient(properties.targetsOrDefaults(), properties.token(), Duration.ofSeconds(5)),
                resolved::at,
                new RunbookExecutor.Settings(
                        instance(), properties.approvalTtl(), properties.lease(), properties.httpAllowList()),
                clock,
                () -> "RUN-" + ID_TIME.format(clock.instant()) + "-"
                        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36),
                listener.getIfAvailable(() -> io.outrider.runbooks.run.RunListener.NONE));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "outrider.runbooks.enabled", matchIfMissing = true)
    TopicLoop runbookIncidentTrigger(
            RunbookProperties properties,
            AtomicReference<RunbookCatalog.Loaded> catalog,
            RunbookExecutor executor,
            ResolvedIncidents resolved,
            KafkaClientSettings kafka) {
        IncidentTrigger trigger =
                new IncidentTrigger(() -> catalog.get().runbooks(), executor, resolved, properties.autoTrigger());
        return new TopicLoop(
                        "runbook-trigger",
                        kafka,
                        "outrider-runbooks",
                        List.of(OutriderTopics.INCIDENTS),
                        io.outrider.infra.kafka.IncidentRecords.each(trigger::changed))
                .start();
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.runbooks.enabled", matchIfMissing = true)
    JobDetail runbookTickJob() {
        return Schedules.job(RunbookTickJob.class, "runbook-tick", "Advances runbook runs: steps, verification, holds");
    }

    @Bean
    @ConditionalOnProperty(name = "outrider.runbooks.enabled", matchIfMissing = true)
    Trigger runbookTickTrigger(RunbookProperties properties) {
        return Schedules.every("runbook-tick", properties.tickInterval());
    }

    @Bean
    RunbookController runbookController(
            AtomicReference<RunbookCatalog.Loaded> catalog,
            RunbookProperties properties,
            RunbookExecutor executor,
            RunStore runs,
            AuditLog audit) {
        return new RunbookController(catalog, properties.directory(), executor, runs, audit, properties.approvers());
    }

    private static String instance() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-"
                    + ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return "pid-" + ProcessHandle.current().pid();
        }
    }
}
