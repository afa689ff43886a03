package io.outrider.console.chat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack: the slash command {@code /outrider} ({@code POST /chat/slack/commands}) and the buttons of Outrider's
 * messages ({@code POST /chat/slack/actions}, Slack's interactivity URL). Every request is verified by its signature
 * (v0 over the raw body, 5-minute window) and the Slack user mapped to an Outrider user ({@link ChatDesk}). Slack
 * waits 3 s: a command that may take longer (approving a run, whose steps act on the services), and every button, is
 * answered at once and its outcome posted to the request's {@code response_url}.
 */
@RestController
public class SlackController {

    private static final Logger log = LoggerFactory.getLogger(SlackController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChatProperties.Slack settings;
    private final ChatDesk desk;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SlackController(ChatProperties.Slack settings, ChatDesk desk, Clock clock) {
        this.settings = settings;
        this.desk = desk;
        this.clock = clock;
    }

    @PostMapping(path = "/chat/slack/commands", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> command(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-Slack-Request-Timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(name = "X-Slack-Signature", required = false) @Nullable String signature) {
        ResponseEntity<Map<String, Object>> refused = verify(body, timestamp, signature);
        if (refused != null) return refused;
        Map<String, String> form = form(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
        String slackUser = form.getOrDefault("user_id", "");
        String user = settings.users().get(slackUser);
        ChatCommands.Command command;
        try {
            command = ChatCommands.parse(form.getOrDefault("text", ""));
        } catch (IllegalArgumentException e) {
            return reply(String.valueOf(e.getMessage()));
        }
        String refusal = desk.refusal("slack", slackUser, user, command);
        if (refusal != null || user == null) return reply(refusal == null ? "not mapped" : refusal);
        if (command.slow()) {
            String responseUrl = form.getOrDefault("response_url", "");
            desk.later(() -> answer(responseUrl, desk.execute("slack", slackUser, user, command), command));
            return reply("Working on `" + command.verb() + " " + command.id() + "` for " + user + "…");
        }
        return reply(desk.execute("slack", slackUser, user, command));
    }

    /**
     * A click on a button of an Outrider message ({@code block_actions}): acknowledge, resolve, approve or reject.
     * Answered with an empty 200 at once; the outcome goes to the payload's {@code response_url}.
     */
    @PostMapping(path = "/chat/slack/actions", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> action(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-Slack-Request-Timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(name = "X-Slack-Signature", required = false) @Nullable String signature) {
        ResponseEntity<Map<String, Object>> refused = verify(body, timestamp, signature);
        if (refused != null) return refused;
        JsonNode payload;
        try {
            payload = JSON.readTree(form(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8))
                    .getOrDefault("payload", ""));
        } catch (RuntimeException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "no JSON payload field: " + e.getMessage()));
        }
        String slackUser = payload.path("user").path("id").asString("");
        String responseUrl = payload.path("response_url").asString("");
        JsonNode clicked = payload.path("actions").path(0);
        String action = clicked.path("action_id").asString("");
        if (action.equals("open") || action.isEmpty())
            return ResponseEntity.ok().build(); // a link: nothing to do
        ChatCommands.Command command;
        try {
            command = ChatCommands.button(action, clicked.path("value").asString(""));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
        }
        String user = settings.users().get(slackUser);
        String refusal = desk.refusal("slack", slackUser, user, command);
        desk.later(() -> answer(
                responseUrl,
                refusal != null || user == null
                        ? String.valueOf(refusal)
                        : desk.execute("slack", slackUser, user, command),
                command));
        return ResponseEntity.ok().build();
    }

    private @Nullable ResponseEntity<Map<String, Object>> verify(
            byte @Nullable [] body, @Nullable String timestamp, @Nullable String signature) {
        String secret = settings.signingSecret();
        if (secret == null || secret.isBlank())
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "Slack is not configured: set outrider.chat.slack.signing-secret"));
        SlackSignature.Result verified =
                SlackSignature.verify(secret, timestamp, signature, body == null ? new byte[0] : body, clock.instant());
        if (verified == SlackSignature.Result.VALID) return null;
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(Map.of(
                        "error",
                        switch (verified) {
                            case STALE -> "the request's timestamp is more than 5 minutes away (a replay?)";
                            case MISSING -> "no X-Slack-Signature or X-Slack-Request-Timestamp";
                            default -> "the signature does not match the body; check the signing secret";
                        }));
    }

    /** Posts an answer to a request's {@code response_url} (only to Slack's own addresses, as configured). */
    private void answer(String responseUrl, String answer, ChatCommands.Command command) {
        if (settings.responseUrls().stream().noneMatch(responseUrl::startsWith)) {
            log.warn(
                    "Slack response_url {} is not under outrider.chat.slack.response-urls; answer dropped: {}",
                    responseUrl,
                    answer);
            return;
        }
        try {
            String body = JSON.writeValueAsString(
                    Map.of("response_type", "in_channel", "replace_original", false, "text", answer));
            HttpResponse<Void> sent = http.send(
                    HttpRequest.newBuilder(URI.create(responseUrl))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (sent.statusCode() >= 300)
                log.warn("Slack did not take the answer to {} (HTTP {})", command, sent.statusCode());
        } catch (Exception e) {
            log.warn("Slack answer to {} not sent: {}", command, e.toString());
        }
    }

    private static ResponseEntity<Map<String, Object>> reply(String text) {
        return ResponseEntity.ok(Map.of("response_type", "ephemeral", "text", text));
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0)
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
