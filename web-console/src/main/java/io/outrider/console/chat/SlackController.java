package io.outrider.console.chat;

import io.outrider.console.audit.ConsoleAudit;
import io.outrider.console.security.Role;
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
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's slash command {@code /outrider} ({@code POST /chat/slack/commands}): the request is verified by its
 * signature (v0, 5-minute window), the Slack user mapped to an Outrider user whose role applies, the command run and
 * audited. Slack waits 3 s: a command that may take longer (approving a run, whose steps act on the services) is
 * answered at once and its outcome sent to the command's {@code response_url}.
 */
@RestController
public class SlackController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlackController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChatProperties.Slack settings;
    private final ChatCommands.Actions actions;
    private final Function<String, @Nullable Role> roleOf;
    private final ConsoleAudit audit;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService slow = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "slack-command");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param roleOf the role of an Outrider user, or null when it is no configured user
     */
    public SlackController(
            ChatProperties.Slack settings,
            ChatCommands.Actions actions,
            Function<String, @Nullable Role> roleOf,
            ConsoleAudit audit,
            Clock clock) {
        this.settings = settings;
        this.actions = actions;
        this.roleOf = roleOf;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping(path = "/chat/slack/commands", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Map<String, Object>> command(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-Slack-Request-Timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(name = "X-Slack-Signature", required = false) @Nullable String signature) {
        String secret = settings.signingSecret();
        if (secret == null || secret.isBlank())
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "Slack is not configured: set outrider.chat.slack.signing-secret"));
        byte[] raw = body == null ? new byte[0] : body;
        SlackSignature.Result verified = SlackSignature.verify(secret, timestamp, signature, raw, clock.instant());
        if (verified != SlackSignature.Result.VALID)
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of(
                            "error",
                            switch (verified) {
                                case STALE -> "the request's timestamp is more than 5 minutes away (a replay?)";
                                case MISSING -> "no X-Slack-Signature or X-Slack-Request-Timestamp";
                                default -> "the signature does not match the body; check the signing secret";
                            }));
        Map<String, String> form = form(new String(raw, StandardCharsets.UTF_8));
        String slackUser = form.getOrDefault("user_id", "");
        String user = settings.users().get(slackUser);
        Role role = user == null ? null : roleOf.apply(user);
        if (user == null || role == null)
            return reply("You (" + slackUser + ") are not mapped to an Outrider user: an admin adds you to "
                    + "outrider.chat.slack.users.");
        ChatCommands.Command command;
        try {
            command = ChatCommands.parse(form.getOrDefault("text", ""));
        } catch (IllegalArgumentException e) {
            return reply(String.valueOf(e.getMessage()));
        }
        if (command.changes() && role == Role.VIEWER) {
            record(user, command, slackUser, 403);
            return reply(user + " is a viewer: acknowledging, resolving and approving need a responder.");
        }
        if (command.slow()) {
            String responseUrl = form.getOrDefault("response_url", "");
            slow.submit(() -> later(command, user, slackUser, responseUrl));
            return reply("Working on `" + command.verb() + " " + command.id() + "` for " + user + "…");
        }
        return reply(execute(command, user, slackUser));
    }

    /** Runs a command and audits it; the answer is its outcome or what went wrong. */
    private String execute(ChatCommands.Command command, String user, String slackUser) {
        try {
            String answer = ChatCommands.run(command, user, actions);
            if (command.changes()) record(user, command, slackUser, 200);
            return answer;
        } catch (NoSuchElementException e) {
            return "Not found: " + e.getMessage();
        } catch (SecurityException e) {
            record(user, command, slackUser, 403);
            return "Not allowed: " + e.getMessage();
        } catch (IllegalStateException | IllegalArgumentException e) {
            record(user, command, slackUser, 409);
            return "Cannot: " + e.getMessage();
        } catch (Exception e) {
            log.warn("Slack command {} by {} failed: {}", command, user, e.toString());
            return "Failed: " + e.getMessage() + " (try again, or use the console)";
        }
    }

    private void later(ChatCommands.Command command, String user, String slackUser, String responseUrl) {
        String answer = execute(command, user, slackUser);
        if (settings.responseUrls().stream().noneMatch(responseUrl::startsWith)) {
            log.warn(
                    "Slack response_url {} is not under outrider.chat.slack.response-urls; answer dropped: {}",
                    responseUrl,
                    answer);
            return;
        }
        try {
            String body = JSON.writeValueAsString(Map.of("response_type", "in_channel", "text", answer));
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

    private void record(String user, ChatCommands.Command command, String slackUser, int status) {
        try {
            audit.record(user, "slack " + command.verb() + " " + command.id(), "slack user " + slackUser, status);
        } catch (Exception e) {
            log.warn("Audit of the Slack command {} by {} not written: {}", command, user, e.toString());
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

    @Override
    public void close() {
        slow.shutdownNow();
    }
}
