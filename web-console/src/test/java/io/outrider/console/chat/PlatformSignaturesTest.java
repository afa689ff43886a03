package io.outrider.console.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * DingTalk's and Feishu's signatures against values computed independently (Python's hmac and hashlib), and each
 * check refusing a tampered request, a stale timestamp and a wrong secret. Slack's are in {@link SlackSignatureTest}.
 */
class PlatformSignaturesTest {

    private static final String SECRET = "SEC1234567890abcdef";

    @Test
    void dingTalkSignsTimestampAndSecretWithTheSecretAsKey() {
        assertThat(DingTalkSignature.sign(SECRET, 1_700_000_000_000L))
                .isEqualTo("RqBq3E1RTBDv3n2QBCh4adZ2WHk9mVklyUoDBLxarjI=");
    }

    @Test
    void dingTalkChecksTimeAndSecret() {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        String url = DingTalkSignature.signedUrl("https://oapi.dingtalk.com/robot/send?access_token=x", SECRET, now);
        assertThat(url).startsWith("https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign=");
        String sign = URLDecoder.decode(url.substring(url.indexOf("&sign=") + 6), StandardCharsets.UTF_8);
        assertThat(DingTalkSignature.verify(SECRET, "1700000000000", sign, now.plusSeconds(3599)))
                .isEqualTo(SlackSignature.Result.VALID);
        // the signature covers the timestamp: a changed one does not verify
        assertThat(DingTalkSignature.verify(SECRET, "1700000000001", sign, now)).isEqualTo(SlackSignature.Result.WRONG);
        assertThat(DingTalkSignature.verify(SECRET, "1700000000000", sign, now.plusSeconds(3601)))
                .isEqualTo(SlackSignature.Result.STALE);
        assertThat(DingTalkSignature.verify("SECother", "1700000000000", sign, now))
                .isEqualTo(SlackSignature.Result.WRONG);
        assertThat(DingTalkSignature.verify(SECRET, null, sign, now)).isEqualTo(SlackSignature.Result.MISSING);
    }

    @Test
    void feishuBotSignsWithTheStringAsKeyAndAnEmptyMessage() {
        assertThat(FeishuSignature.sign(SECRET, 1_700_000_000L))
                .isEqualTo("q8Irq6jvUWZylp2Ox+urXynCLWrdgv6AW58ufc48Reo=");
        // not DingTalk's algorithm (error 19021 when copied)
        assertThat(FeishuSignature.sign(SECRET, 1_700_000_000L))
                .isNotEqualTo(DingTalkSignature.sign(SECRET, 1_700_000_000L));
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String sign = FeishuSignature.sign(SECRET, 1_700_000_000L);
        assertThat(FeishuSignature.verifyBot(SECRET, "1700000000", sign, now)).isEqualTo(SlackSignature.Result.VALID);
        assertThat(FeishuSignature.verifyBot(SECRET, "1700000001", sign, now)).isEqualTo(SlackSignature.Result.WRONG);
        assertThat(FeishuSignature.verifyBot(SECRET, "1700000000", sign, now.plusSeconds(3601)))
                .isEqualTo(SlackSignature.Result.STALE);
        assertThat(FeishuSignature.verifyBot("other", "1700000000", sign, now)).isEqualTo(SlackSignature.Result.WRONG);
    }

    @Test
    void feishuCallbacksAreSignedOverTheRawBody() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = "23c93fd1e370ee4adc2369621ff4b47320eeff75770dba5e875a7d16ec180a3e";
        assertThat(FeishuSignature.callbackSignature("enc-key", "1700000000", "nonce42", body))
                .isEqualTo(signature);
        Instant now = Instant.ofEpochSecond(1_700_000_100L);
        assertThat(FeishuSignature.verifyCallback("enc-key", "1700000000", "nonce42", signature, body, now))
                .isEqualTo(SlackSignature.Result.VALID);
        assertThat(FeishuSignature.verifyCallback(
                        "enc-key",
                        "1700000000",
                        "nonce42",
                        signature,
                        "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                        now))
                .isEqualTo(SlackSignature.Result.WRONG);
        assertThat(FeishuSignature.verifyCallback(
                        "enc-key", "1700000000", "nonce42", signature, body, now.plusSeconds(301)))
                .isEqualTo(SlackSignature.Result.STALE);
        assertThat(FeishuSignature.verifyCallback("other-key", "1700000000", "nonce42", signature, body, now))
                .isEqualTo(SlackSignature.Result.WRONG);
        assertThat(FeishuSignature.verifyCallback("enc-key", "1700000000", null, signature, body, now))
                .isEqualTo(SlackSignature.Result.MISSING);
    }

    @Test
    void feishuBodiesDecryptAsFeishuDocumentsThem() {
        // the example of Feishu's documentation: key "test key", "hello world"
        assertThat(FeishuSignature.decrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="))
                .isEqualTo("hello world");
        String sealed = FeishuSignature.encrypt("k", "{\"type\":\"url_verification\"}", new byte[16]);
        assertThat(FeishuSignature.decrypt("k", sealed)).isEqualTo("{\"type\":\"url_verification\"}");
        assertThatThrownBy(() -> FeishuSignature.decrypt("wrong", sealed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypt key");
    }
}
