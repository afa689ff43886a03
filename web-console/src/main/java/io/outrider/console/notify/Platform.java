package io.outrider.console.notify;

/**
 * A chat platform and its rate limit as a token bucket: {@code burst} messages at once, refilled at {@code
 * perMinute}. Chosen so that burst + refill over the platform's window stays within its published limit, whatever the
 * timing: Slack about 1 message/s (3 + 1/s), DingTalk 20/min per robot, throttled for 10 minutes beyond (5 + 15/min),
 * Feishu 5/s and 100/min per bot (3 + 1.5/s: at most 4.5 in a second, 93 in a minute).
 */
public enum Platform {
    /** An incoming webhook: Block Kit with buttons; no threads (a webhook's message has no id to reply to). */
    SLACK(3, 60),
    /** {@code chat.postMessage} with a bot token: Block Kit with buttons, updates threaded under the first message. */
    SLACK_API(3, 60),
    /** A Mattermost incoming webhook: Slack-compatible attachments (Mattermost does not render blocks). */
    MATTERMOST(3, 60),
    /** A DingTalk group robot: action cards and Markdown digests, signed in the URL. */
    DINGTALK(5, 15),
    /** A Feishu/Lark custom bot: interactive cards, signed in the body. */
    FEISHU(3, 90),
    /** Any HTTP endpoint: the notices as JSON. */
    WEBHOOK(10, 300);

    private final int burst;
    private final int perMinute;

    Platform(int burst, int perMinute) {
        this.burst = burst;
        this.perMinute = perMinute;
    }

    public int burst() {
        return burst;
    }

    public int perMinute() {
        return perMinute;
    }
}
