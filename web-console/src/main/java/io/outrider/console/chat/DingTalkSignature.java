package io.outrider.console.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * DingTalk's robot signature ("加签"): {@code sign = Base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" +
 * secret))}, the timestamp in epoch milliseconds within one hour of DingTalk's clock. A robot's webhook takes it as
 * the URL parameters {@code timestamp} and {@code sign} (URL-encoded); an enterprise robot's callback sends the same
 * pair as headers, signed with the app secret. It signs the time, not the body.
 */
public final class DingTalkSignature {

    /** How far the timestamp may be from now. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private DingTalkSignature() {}

    /** The signature of {@code timestampMillis} (Base64, not URL-encoded). */
    public static String sign(String secret, long timestampMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The robot's webhook URL with {@code timestamp} and {@code sign} added. */
    public static String signedUrl(String webhook, String secret, Instant now) {
        long ts = now.toEpochMilli();
        return webhook + (webhook.contains("?") ? "&" : "?") + "timestamp=" + ts + "&sign="
                + URLEncoder.encode(sign(secret, ts), StandardCharsets.UTF_8);
    }

    /** Checks a timestamp and signature (as DingTalk checks ours, and as we check its callbacks). */
    public static SlackSignature.Result verify(
            String secret, @Nullable String timestamp, @Nullable String signature, Instant now) {
        SlackSignature.Result early =
                SignatureChecks.timing(timestamp, signature, now.toEpochMilli(), WINDOW.toMillis());
        if (early != null) return early;
        if (timestamp == null || signature == null) return SlackSignature.Result.MISSING; // timing checked it
        return SignatureChecks.same(sign(secret, Long.parseLong(timestamp.strip())), signature);
    }
}
