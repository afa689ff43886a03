package io.outrider.console.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/** What every platform's signature check shares: a timestamp within a window, and a constant-time comparison. */
final class SignatureChecks {

    private SignatureChecks() {}

    /**
     * Why the request fails before its signature is computed — missing headers, a timestamp that is no number or
     * farther than {@code window} from {@code now} (same unit) — or null when it is in time.
     */
    static SlackSignature.@Nullable Result timing(
            @Nullable String timestamp, @Nullable String signature, long now, long window) {
        if (timestamp == null || signature == null || timestamp.isBlank()) return SlackSignature.Result.MISSING;
        long at;
        try {
            at = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return SlackSignature.Result.WRONG;
        }
        return Math.abs(now - at) > window ? SlackSignature.Result.STALE : null;
    }

    /** Whether the signature sent is the one expected (constant time). */
    static SlackSignature.Result same(String expected, String sent) {
        return MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), sent.strip().getBytes(StandardCharsets.UTF_8))
                ? SlackSignature.Result.VALID
                : SlackSignature.Result.WRONG;
    }
}
