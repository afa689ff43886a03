package io.outrider.console.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feishu's (Lark's) callbacks ({@code POST /chat/feishu/events}, the app's request URL for events and card
 * callbacks): answers the {@code url_verification} challenge; verifies every other callback by its X-Lark-Signature
 * (with an Encrypt Key, 5-minute window) or else its Verification Token; decrypts {@code {"encrypt": …}} bodies; and
 * runs the buttons of Outrider's cards ({@code card.action.trigger}) as the Outrider user the Feishu user is mapped
 * to, answering with a toast within Feishu's 3 s (approving a run goes on after the answer).
 */
@RestController
public class FeishuController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChatProperties.Feishu settings;
    private final ChatDesk desk;
    private final Clock clock;

    public FeishuController(ChatProperties.Feishu settings, ChatDesk desk, Clock clock) {
        this.settings = settings;
        this.desk = desk;
        this.clock = clock;
    }

    @PostMapping(path = "/chat/feishu/events")
    public ResponseEntity<Map<String, Object>> event(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-Lark-Request-Timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(name = "X-Lark-Request-Nonce", required = false) @Nullable String nonce,
            @RequestHeader(name = "X-Lark-Signature", required = false) @Nullable String signature) {
        if (!settings.configured())
            return error(
                    HttpStatus.NOT_FOUND,
                    "Feishu is not configured: set outrider.chat.feishu.encrypt-key or verification-token");
        byte[] raw = body == null ? new byte[0] : body;
        String key = settings.encryptKey();
        boolean signing = key != null && !key.isBlank();
        // the raw body is checked before anything is read from it (only the URL challenge may come unsigned)
        SlackSignature.Result verified = key != null && signing
                ? FeishuSignature.verifyCallback(key, timestamp, nonce, signature, raw, clock.instant())
                : SlackSignature.Result.MISSING;
        if (verified == SlackSignature.Result.STALE)
            return error(HttpStatus.UNAUTHORIZED, "the callback's timestamp is more than 5 minutes away (a replay?)");
        if (verified == SlackSignature.Result.WRONG)
            return error(HttpStatus.UNAUTHORIZED, "the signature does not match the body; check the encrypt key");
        JsonNode event;
        try {
            JsonNode outer = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            if (outer.has("encrypt")) {
                if (key == null || !signing)
                    return error(
                            HttpStatus.BAD_REQUEST,
                            "the body is encrypted but outrider.chat.feishu.encrypt-key is not set");
                event = JSON.readTree(
                        FeishuSignature.decrypt(key, outer.path("encrypt").asString("")));
            } else event = outer;
        } catch (RuntimeException e) {
            return error(HttpStatus.BAD_REQUEST, "not a Feishu callback: " + e.getMessage());
        }
        String token =
                event.path("header").path("token").asString(event.path("token").asString(""));
        if (event.path("type").asString("").equals("url_verification")) {
            if (!tokenMatches(token)) return error(HttpStatus.UNAUTHORIZED, "the verification token does not match");
            return ResponseEntity.ok(Map.of("challenge", event.path("challenge").asString("")));
        }
        if (signing && verified != SlackSignature.Result.VALID)
            return error(
                    HttpStatus.UNAUTHORIZED, "no X-Lark-Signature, X-Lark-Request-Timestamp or X-Lark-Request-Nonce");
        if (!signing && !tokenMatches(token))
            return error(HttpStatus.UNAUTHORIZED, "the verification token does not match");
        if (!event.path("header").path("event_type").asString("").equals("card.action.trigger"))
            return ResponseEntity.ok(Map.of()); // other events are not for Outrider
        String feishuUser = event.path("event").path("operator").path("open_id").asString("");
        JsonNode value = event.path("event").path("action").path("value");
        ChatCommands.Command command;
        try {
            command = ChatCommands.button(
                    value.path("action").asString(""), value.path("id").asString(""));
        } catch (IllegalArgumentException e) {
            return toast("error", String.valueOf(e.getMessage()));
        }
        String user = settings.users().get(feishuUser);
        String refusal = desk.refusal("feishu", feishuUser, user, command);
        if (refusal != null || user == null) return toast("error", String.valueOf(refusal));
        if (command.slow()) {
            desk.later(() -> desk.execute("feishu", feishuUser, user, command));
            return toast("info", "Working on " + command.verb() + " " + command.id() + " for " + user + "…");
        }
        String answer = desk.execute("feishu", feishuUser, user, command);
        return toast(answer.startsWith("Incident ") || answer.startsWith("Run ") ? "success" : "error", answer);
    }

    private boolean tokenMatches(String token) {
        String expected = settings.verificationToken();
        if (expected == null || expected.isBlank()) return true; // the signature is the check
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Map<String, Object>> toast(String type, String content) {
        return ResponseEntity.ok(Map.of("toast", Map.of("type", type, "content", content)));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
