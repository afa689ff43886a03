package io.outrider.console.spring;

import io.outrider.console.audit.ConsoleAudit;
import io.outrider.console.chat.ChatDesk;
import io.outrider.console.chat.ChatProperties;
import io.outrider.console.chat.FeishuController;
import io.outrider.console.chat.OutriderChatActions;
import io.outrider.console.chat.SlackController;
import io.outrider.console.notify.Delivery;
import io.outrider.console.notify.NotificationsController;
import io.outrider.console.notify.Notifier;
import io.outrider.console.notify.NotifyProperties;
import io.outrider.console.security.Role;
import io.outrider.dedup.spring.IncidentService;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.kafka.TopicLoop;
import io.outrider.runbooks.run.RunListener;
import io.outrider.runbooks.run.RunbookExecutor;
import io.outrider.runbooks.spring.RunbookProperties;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * ChatOps: commands and buttons from Slack and Feishu, notifications to the configured channels, and runbook runs
 * written into their incident's timeline (from where they are announced and end up in the postmortem).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ChatProperties.class, NotifyProperties.class})
@Import(NotificationsController.class)
class ChatOpsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChatOpsConfiguration.class);
    private static final Map<String, String> ANNOUNCED_RUN_STEPS = Map.of(
            "proposed", "proposed",
            "approved", "approved",
            "verifying", "applied; verifying recovery",
            "succeeded", "recovery verified",
            "failed", "failed",
            "rejected", "rejected",
            "reverted", "reverted",
            "revert failed", "revert failed");

    @Bean(destroyMethod = "close")
    ChatDesk chatDesk(
            IncidentService incidents,
            RunbookExecutor runs,
            RunbookProperties runbooks,
            InMemoryUserDetailsManager users,
            ConsoleAudit audit) {
        Function<String, @Nullable Role> roleOf = user ->
                users.userExists(user) ? Role.of(users.loadUserByUsername(user).getAuthorities()) : null;
        var actions = new OutriderChatActions(incidents, runs, runbooks.approvers(), user -> {
            Role role = roleOf.apply(user);
            return role != null && role.compareTo(Role.RESPONDER) >= 0;
        });
        return new ChatDesk(actions, roleOf, audit);
    }

    /** Slack's {@code /outrider} command and message buttons. */
    @Bean
    SlackController slackController(ChatProperties chat, ChatDesk desk, Clock clock) {
        return new SlackController(chat.slack(), desk, clock);
    }

    /** Feishu's event and card callbacks. */
    @Bean
    FeishuController feishuController(ChatProperties chat, ChatDesk desk, Clock clock) {
        return new FeishuController(chat.feishu(), desk, clock);
    }

    /**
     * A run's proposal, approval, application, verification and revert go into its incident's timeline (by the
     * instance that correlates the incident; elsewhere the run's own audit has them).
     */
    @Bean
    RunListener incidentTimelineOfRuns(IncidentService incidents) {
        return (run, what, why) -> {
            String phrase = ANNOUNCED_RUN_STEPS.get(what);
            String incident = run.incidentId();
            if (phrase == null || incident == null) return;
            String text = "runbook " + run.runbookId() + " on " + run.target() + " (run " + run.id() + "): " + phrase
                    + (why.isBlank() ? "" : " — " + why);
            try {
                incidents.record(incident, "runbook", text);
            } catch (Exception e) {
                log.debug("Run {} not added to the timeline of {}: {}", run.id(), incident, e.toString());
            }
        };
    }

    @Bean(destroyMethod = "close")
    Notifier notifier(NotifyProperties properties, ConsoleAudit audit, Clock clock) {
        Delivery.Log deliveries = delivery -> {
            try {
                audit.record(
                        "notify",
                        "notify:" + delivery.channel(),
                        delivery.events().size() + " update"
                                + (delivery.events().size() == 1 ? "" : "s") + " of "
                                + String.join(", ", delivery.incidents()) + " (" + String.join(", ", delivery.events())
                                + ")",
                        (delivery.sent() ? "" : "failed after " + delivery.attempts() + " tries: ") + delivery.detail(),
                        delivery.sent() ? 200 : delivery.status() == 0 ? 599 : delivery.status());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        return new Notifier(properties, deliveries, clock);
    }

    /**
     * One consumer group for every instance: each incident change is announced once. A new group starts at the
     * latest change (no replay of the history into chat); a restarted instance goes on from its committed offset.
     */
    @Bean(destroyMethod = "close")
    TopicLoop notifierLoop(Notifier notifier, KafkaClientSettings kafka) {
        var config = kafka.consumer("outrider-notify");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new TopicLoop(
                        "notify",
                        config,
                        List.of(OutriderTopics.INCIDENTS),
                        io.outrider.infra.kafka.IncidentRecords.each(notifier::changed))
                .start();
    }
}
