package io.outrider.console.spring;

import io.outrider.console.audit.AuditFilter;
import io.outrider.console.audit.ConsoleAudit;
import io.outrider.console.inbox.InboxController;
import io.outrider.console.inbox.IncidentFeed;
import io.outrider.console.incident.IncidentPageController;
import io.outrider.console.pages.ConsoleErrors;
import io.outrider.console.pages.ConsolePages;
import io.outrider.console.security.ApiTokens;
import io.outrider.console.security.BodyLimit;
import io.outrider.console.security.ConsoleProperties;
import io.outrider.console.security.ConsoleSecurity;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.TopicLoop;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The web console: sign-in and roles for pages and API, the audit of every change, the inbox's live feed, and the
 * pages. Runs after the feature modules, whose stores it reads.
 */
@AutoConfiguration(
        afterName = {
            "io.outrider.infra.spring.InfraAutoConfiguration",
            "io.outrider.dedup.spring.IncidentAutoConfiguration",
            "io.outrider.runbooks.spring.RunbooksAutoConfiguration",
            "io.outrider.topology.spring.TopologyAutoConfiguration"
        })
@EnableConfigurationProperties(ConsoleProperties.class)
@EnableWebSecurity
@Import({
    InboxController.class,
    IncidentPageController.class,
    ConsolePages.class,
    ConsoleErrors.class,
    io.outrider.console.pages.ConsoleModel.class,
    ChatOpsConfiguration.class,
    PostmortemConfiguration.class
})
public class ConsoleAutoConfiguration {

    @Bean
    InMemoryUserDetailsManager consoleUsers(ConsoleProperties properties) {
        return ConsoleSecurity.users(properties);
    }

    @Bean
    SecurityFilterChain consoleSecurity(
            HttpSecurity http,
            ConsoleProperties properties,
            ObjectProvider<org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> oidc)
            throws Exception {
        return ConsoleSecurity.chain(
                http, new ApiTokens(properties.apiTokens()), oidc.getIfAvailable(), properties.oidc());
    }

    @Bean
    ConsoleAudit consoleAudit(ElasticsearchConnection elasticsearch, Clock clock) {
        return new ConsoleAudit(elasticsearch.client(), clock);
    }

    /** Before everything else: an oversized body is refused before anyone reads it or signs anyone in. */
    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimitFilter(ConsoleProperties properties) {
        FilterRegistrationBean<BodyLimit> registration =
                new FilterRegistrationBean<>(new BodyLimit(properties.maxBody().toBytes()));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** After the security filters (which sign the user in), so the audit knows who acted. */
    @Bean
    FilterRegistrationBean<AuditFilter> consoleAuditFilter(ConsoleAudit audit) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(audit));
        registration.setOrder(0);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean(destroyMethod = "close")
    IncidentFeed incidentFeed() {
        return new IncidentFeed();
    }

    /**
     * Every console instance reads every incident change (its own group), to push them to its browsers; from the
     * latest record, since browsers that were not there need no history.
     */
    @Bean(destroyMethod = "close")
    TopicLoop consoleIncidentFeed(IncidentFeed feed, KafkaClientSettings kafka) {
        var config = kafka.consumer("outrider-console-" + UUID.randomUUID());
        config.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new TopicLoop(
                        "console-feed",
                        config,
                        List.of(OutriderTopics.INCIDENTS),
                        io.outrider.infra.kafka.IncidentRecords.each(feed::publish))
                .start();
    }
}
