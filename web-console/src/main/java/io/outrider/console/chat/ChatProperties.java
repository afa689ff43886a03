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
 * @param feishu Feishu's (Lark's) event and card callbacks
 */
@ConfigurationProperties("outrider.chat")
public record ChatProperties(
        @DefaultValue Slack slack, @DefaultValue Feishu feishu) {

    /**
     * @param encryptKey the app's Encrypt Key (Events and callbacks → Encryption strategy): callbacks are verified by
     *     their X-Lark-Signature and may be encrypted
     * @param verificationToken the app's Verification Token, the weaker check when there is no encrypt key
     * @param users Feishu open_id (e.g. {@code ou_7d8a6e6df7621556ce0d21922b676706ccs}) → Outrider user name
     */
    public record Feishu(
            @Nullable String encryptKey,
            @Nullable String verificationToken,
            @DefaultValue Map<String, String> users) {

        public Feishu {
            users = Map.copyOf(users);
        }

        public boolean configured() {
            return (encryptKey != null && !encryptKey.isBlank())
                    || (verificationToken != null && !verificationToken.isBlank());
        }
    }

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
