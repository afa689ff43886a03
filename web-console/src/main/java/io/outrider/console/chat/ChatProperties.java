package io.outrider.console.chat;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chat platforms ({@code outrider.chat.*}).
 *
 * @param slack Slack's slash commands and interactive buttons
 */
@ConfigurationProperties("outrider.chat")
public record ChatProperties(@DefaultValue Slack slack) {

    /**
     * @param signingSecret the app's signing secret (Basic Information → App Credentials); none: the endpoint is off
     * @param users Slack user id (e.g. {@code U2CERLKJA}) → Outrider user name, a configured console user whose role
     *     applies; unmapped Slack users are refused
     * @param responseUrls prefixes a command's {@code response_url} must start with for the late answer
     */
    public record Slack(
            @Nullable String signingSecret,
            @DefaultValue Map<String, String> users,
            @DefaultValue("https://hooks.slack.com/") List<String> responseUrls) {

        public Slack {
            users = Map.copyOf(users);
            responseUrls = List.copyOf(responseUrls);
        }
    }
}
