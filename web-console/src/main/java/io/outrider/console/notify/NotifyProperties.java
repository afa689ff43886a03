package io.outrider.console.notify;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chat notifications ({@code outrider.notify.*}).
 *
 * @param consoleUrl the console's address as people reach it, for the links in messages
 * @param channels where notifications go, each with its routing policy
 */
@ConfigurationProperties("outrider.notify")
public record NotifyProperties(
        @DefaultValue("http://127.0.0.1:8080") String consoleUrl,
        @DefaultValue List<Channel> channels) {

    public NotifyProperties {
        consoleUrl = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
        channels = List.copyOf(channels);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Channel channel : channels)
            if (!names.add(channel.name()))
                throw new IllegalArgumentException("two notification channels are named " + channel.name()
                        + ": give each of outrider.notify.channels a name of its own");
    }

    /**
     * One channel.
     *
     * @param name how the console and the audit call it, e.g. {@code oncall-slack}
     * @param platform slack, slack-api, mattermost, dingtalk, feishu or webhook
     * @param url the webhook (for slack-api: {@code https://slack.com/api/chat.postMessage})
     * @param secret DingTalk's or Feishu's signing secret ({@code SEC…}); none: unsigned
     * @param token Slack's bot token ({@code xoxb-…}) for slack-api
     * @param channel Slack's channel id for slack-api
     * @param route which incidents and changes go there
     * @param burst messages sent at once before the rate applies (default: the platform's)
     * @param perMinute messages per minute after the burst (default: the platform's)
     * @param maxAttempts tries per message before it counts as failed (backoff 1 s, 2 s, 4 s… at most 60 s, or the
     *     platform's Retry-After)
     */
    public record Channel(
            String name,
            Platform platform,
            String url,
            @Nullable String secret,
            @Nullable String token,
            @Nullable String channel,
            @DefaultValue Route route,
            @Nullable Integer burst,
            @Nullable Integer perMinute,
            @DefaultValue("6") int maxAttempts) {

        public Channel {
            if (name.isBlank()) throw new IllegalArgumentException("a notification channel has no name");
            if (!url.startsWith("http://") && !url.startsWith("https://"))
                throw new IllegalArgumentException("channel " + name + ": url " + url + " is not an http(s) address");
            if (platform == Platform.SLACK_API && (token == null || channel == null))
                throw new IllegalArgumentException("channel " + name
                        + ": slack-api needs token (a bot token, xoxb-…) and channel (a channel id, C…)");
            if (maxAttempts < 1) throw new IllegalArgumentException("channel " + name + ": max-attempts below 1");
        }

        public int burstOrDefault() {
            return burst != null ? burst : platform.burst();
        }

        public int perMinuteOrDefault() {
            return perMinute != null ? perMinute : platform.perMinute();
        }
    }

    /**
     * A routing policy: a notice goes to the channel when it matches every list that is not empty.
     *
     * @param minSeverity info, warning or critical
     * @param services any of these services is concerned
     * @param units the incident's unit (city) is one of these
     * @param events opened, acknowledged, mitigated, resolved, triggered, rootcause, runbook, merged
     */
    public record Route(
            @DefaultValue("info") String minSeverity,
            @DefaultValue List<String> services,
            @DefaultValue List<String> units,
            @DefaultValue List<String> events) {

        private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

        public Route {
            minSeverity = minSeverity.toLowerCase(Locale.ROOT);
            if (!SEVERITIES.contains(minSeverity))
                throw new IllegalArgumentException("min-severity " + minSeverity + " is none of " + SEVERITIES);
            services = List.copyOf(services);
            units = List.copyOf(units);
            events = List.copyOf(events);
        }

        public boolean matches(Notice notice) {
            if (notice.event().equals(Notice.TEST)) return true;
            if (SEVERITIES.indexOf(notice.severity()) < SEVERITIES.indexOf(minSeverity)) return false;
            if (!services.isEmpty() && services.stream().noneMatch(notice.services()::contains)) return false;
            if (!units.isEmpty() && !units.contains(notice.unit())) return false;
            return events.isEmpty() || events.contains(notice.event());
        }
    }
}
