package io.outrider.console.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Slack's request signature (v0): {@code X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signingSecret, "v0:" + ts +
 * ":" + rawBody))}, with {@code X-Slack-Request-Timestamp} within 5 minutes of now (a replayed request is refused).
 */
public final class SlackSignature {

    /** How far a request's timestamp may be from now. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** What a check found. */
    public enum Result {
        VALID,
        MISSING,
        STALE,
        WRONG
    }

    private SlackSignature() {}

    /** The signature Slack sends for this body at this timestamp. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Checks a request: its timestamp is recent and its signature is that of its raw body (constant time). */
    public static Result verify(
            String secret, @Nullable String timestamp, @Nullable String signature, byte[] body, Instant now) {
        Result early = SignatureChecks.timing(timestamp, signature, now.getEpochSecond(), WINDOW.toSeconds());
        if (early != null) return early;
        if (timestamp == null || signature == null) return Result.MISSING; // for the compiler: timing checked it
        return SignatureChecks.same(sign(secret, timestamp.strip(), body), signature);
    }
}
