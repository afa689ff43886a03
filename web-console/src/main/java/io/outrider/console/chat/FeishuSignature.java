package io.outrider.console.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Feishu (Lark) signatures, both ways.
 *
 * <ul>
 *   <li>A custom bot's message: {@code sign = Base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = empty))},
 *       the timestamp in epoch <em>seconds</em>, both in the JSON body. The string is the key and the message is
 *       empty: the opposite of DingTalk (copying DingTalk's code gives error 19021).
 *   <li>An app's event or card callback, with an Encrypt Key: {@code X-Lark-Signature = hex(SHA-256(timestamp + nonce
 *       + encryptKey + rawBody))}; the body may be {@code {"encrypt": …}}, AES-256-CBC with the key SHA-256(encrypt
 *       key) and the first 16 bytes as the IV. A callback older than 5 minutes is refused (a replay).
 * </ul>
 */
public final class FeishuSignature {

    /** How far a callback's timestamp may be from now. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private FeishuSignature() {}

    /** A custom bot message's {@code sign} for {@code timestampSeconds}. */
    public static String sign(String secret, long timestampSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    (timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Checks a bot message's timestamp and sign (as Feishu does: within one hour). */
    public static SlackSignature.Result verifyBot(
            String secret, @Nullable String timestamp, @Nullable String signature, Instant now) {
        SlackSignature.Result early = SignatureChecks.timing(
                timestamp, signature, now.getEpochSecond(), Duration.ofHours(1).toSeconds());
        if (early != null) return early;
        if (timestamp == null || signature == null) return SlackSignature.Result.MISSING; // timing checked it
        return SignatureChecks.same(sign(secret, Long.parseLong(timestamp.strip())), signature);
    }

    /** The {@code X-Lark-Signature} of a callback. */
    public static String callbackSignature(String encryptKey, String timestamp, String nonce, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((timestamp + nonce + encryptKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Checks a callback: a recent timestamp (seconds) and the signature of its raw body (constant time). */
    public static SlackSignature.Result verifyCallback(
            String encryptKey,
            @Nullable String timestamp,
            @Nullable String nonce,
            @Nullable String signature,
            byte[] body,
            Instant now) {
        if (nonce == null) return SlackSignature.Result.MISSING;
        SlackSignature.Result early =
                SignatureChecks.timing(timestamp, signature, now.getEpochSecond(), WINDOW.toSeconds());
        if (early != null) return early;
        if (timestamp == null || signature == null) return SlackSignature.Result.MISSING; // timing checked it
        return SignatureChecks.same(callbackSignature(encryptKey, timestamp.strip(), nonce, body), signature);
    }

    /** The plain JSON of an {@code {"encrypt": …}} body. */
    public static String decrypt(String encryptKey, String encrypted) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypted.strip());
            if (all.length < 32) throw new IllegalArgumentException("the encrypted body is too short");
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key(encryptKey), "AES"),
                    new IvParameterSpec(Arrays.copyOf(all, 16)));
            return new String(cipher.doFinal(all, 16, all.length - 16), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the body does not decrypt with the encrypt key: " + e.getMessage(), e);
        }
    }

    /** Encrypts as Feishu does (for tests and for a local Feishu stand-in). */
    public static String encrypt(String encryptKey, String plain, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(encryptKey), "AES"), new IvParameterSpec(iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, all, 0, iv.length);
            System.arraycopy(sealed, 0, all, iv.length, sealed.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    private static byte[] key(String encryptKey) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(encryptKey.getBytes(StandardCharsets.UTF_8));
    }
}
