package io.outrider.console.notify;

import io.outrider.console.chat.DingTalkSignature;
import io.outrider.console.chat.FeishuSignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch of notices as one platform's message: one notice with its buttons, or a digest of several (the first
 * {@link #DIGEST_LINES}, then how many more, with a link to the inbox). Respects the platforms' size limits (a Slack
 * section's 3,000 characters, Feishu's 20 KB body).
 */
final class Messages {

    /** The request to send. */
    record Outgoing(String url, Map<String, String> headers, String body) {}

    static final int DIGEST_LINES = 10;
    private static final int SLACK_SECTION = 3000;
    private static final int FEISHU_TEXT = 15_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Messages() {}

    /**
     * @param thread Slack's {@code ts} of the incident's first message (slack-api), to reply in its thread
     */
    static Outgoing render(
            NotifyProperties.Channel channel,
            List<Notice> batch,
            String consoleUrl,
            @Nullable String thread,
            Instant now) {
        Map<String, String> json = Map.of("Content-Type", "application/json; charset=utf-8");
        return switch (channel.platform()) {
            case SLACK -> new Outgoing(channel.url(), json, write(slack(batch, consoleUrl)));
            case SLACK_API -> {
                Map<String, Object> body = slack(batch, consoleUrl);
                body.put("channel", channel.channel());
                if (thread != null) body.put("thread_ts", thread);
                if (thread != null && batch.getFirst().event().equals("resolved")) body.put("reply_broadcast", true);
                yield new Outgoing(
                        channel.url(),
                        Map.of(
                                "Content-Type",
                                "application/json; charset=utf-8",
                                "Authorization",
                                "Bearer " + channel.token()),
                        write(body));
            }
            case MATTERMOST -> new Outgoing(channel.url(), json, write(mattermost(batch, consoleUrl)));
            case DINGTALK -> {
                String secret = channel.secret();
                String url = secret == null ? channel.url() : DingTalkSignature.signedUrl(channel.url(), secret, now);
                yield new Outgoing(url, json, write(dingtalk(batch, consoleUrl)));
            }
            case FEISHU -> {
                Map<String, Object> body = new LinkedHashMap<>();
                String secret = channel.secret();
                if (secret != null) {
                    long ts = now.getEpochSecond();
                    body.put("timestamp", Long.toString(ts));
                    body.put("sign", FeishuSignature.sign(secret, ts));
                }
                body.put("msg_type", "interactive");
                body.put("card", feishu(batch, consoleUrl));
                yield new Outgoing(channel.url(), json, write(body));
            }
            case WEBHOOK -> new Outgoing(channel.url(), json, write(Map.of("source", "outrider", "notices", batch)));
        };
    }

    private static String link(String consoleUrl, Notice notice) {
        return consoleUrl + "/incidents/" + notice.incidentId();
    }

    private static String headline(Notice notice) {
        return notice.incidentId() + " · " + notice.severity().toUpperCase(java.util.Locale.ROOT) + " · "
                + notice.text();
    }

    private static String details(Notice notice) {
        StringBuilder text = new StringBuilder(notice.title());
        if (!notice.services().isEmpty()) text.append("\nservices: ").append(String.join(", ", notice.services()));
        if (!notice.unit().isEmpty()) text.append(" · unit: ").append(notice.unit());
        if (notice.rootCause() != null)
            text.append("\nmost likely root cause: ").append(notice.rootCause());
        text.append("\nstatus: ").append(notice.status());
        return text.toString();
    }

    private static String digestTitle(List<Notice> batch) {
        return batch.size() + " Outrider updates";
    }

    private static List<Notice> shown(List<Notice> batch) {
        return batch.subList(0, Math.min(DIGEST_LINES, batch.size()));
    }

    private static String more(List<Notice> batch) {
        return batch.size() > DIGEST_LINES ? "and " + (batch.size() - DIGEST_LINES) + " more" : "";
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    // ---- Slack: Block Kit with buttons (the text is the notification's fallback)

    private static Map<String, Object> slack(List<Notice> batch, String consoleUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Object> blocks = new ArrayList<>();
        if (batch.size() == 1) {
            Notice notice = batch.getFirst();
            body.put("text", "Outrider: " + notice.line());
            blocks.add(section(cut(
                    "*<" + link(consoleUrl, notice) + "|" + notice.incidentId() + ">* · "
                            + notice.severity().toUpperCase(java.util.Locale.ROOT) + " · " + notice.text() + "\n"
                            + details(notice),
                    SLACK_SECTION)));
            List<Object> buttons = new ArrayList<>();
            if (notice.runId() != null) {
                buttons.add(slackButton("Approve run", "approve", notice.runId(), "primary"));
                buttons.add(slackButton("Reject run", "reject", notice.runId(), "danger"));
            }
            if (notice.status().equals("triggered"))
                buttons.add(slackButton(
                        "Acknowledge", "ack", notice.incidentId(), notice.runId() == null ? "primary" : null));
            if (notice.open()) buttons.add(slackButton("Resolve", "resolve", notice.incidentId(), null));
            Map<String, Object> open = slackButton("Open in Outrider", "open", notice.incidentId(), null);
            open.put("url", link(consoleUrl, notice));
            buttons.add(open);
            blocks.add(Map.of("type", "actions", "elements", buttons));
        } else {
            body.put("text", "Outrider: " + digestTitle(batch));
            StringBuilder text = new StringBuilder("*" + digestTitle(batch) + "*");
            for (Notice notice : shown(batch))
                text.append("\n• <")
                        .append(link(consoleUrl, notice))
                        .append("|")
                        .append(notice.incidentId())
                        .append("> ")
                        .append(notice.line().substring(notice.incidentId().length() + 1));
            blocks.add(section(cut(text.toString(), SLACK_SECTION)));
            blocks.add(Map.of(
                    "type",
                    "context",
                    "elements",
                    List.of(Map.of(
                            "type",
                            "mrkdwn",
                            "text",
                            (more(batch) + " <" + consoleUrl + "/|open the inbox>").strip()))));
        }
        body.put("blocks", blocks);
        return body;
    }

    private static Map<String, Object> section(String markdown) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", markdown));
    }

    private static Map<String, Object> slackButton(String label, String action, String value, @Nullable String style) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("type", "button");
        button.put("text", Map.of("type", "plain_text", "text", label));
        button.put("action_id", action);
        button.put("value", value);
        if (style != null) button.put("style", style);
        return button;
    }

    // ---- Mattermost: Slack-compatible attachments

    private static Map<String, Object> mattermost(List<Notice> batch, String consoleUrl) {
        List<Object> attachments = new ArrayList<>();
        for (Notice notice : shown(batch)) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("fallback", notice.line());
            a.put("color", color(notice));
            a.put("title", headline(notice));
            a.put("title_link", link(consoleUrl, notice));
            a.put("text", details(notice));
            a.put(
                    "fields",
                    List.of(
                            Map.of("short", true, "title", "Severity", "value", notice.severity()),
                            Map.of("short", true, "title", "Unit", "value", notice.unit())));
            attachments.add(a);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", "Outrider");
        body.put("text", batch.size() == 1 ? "" : ("**" + digestTitle(batch) + "** " + more(batch)).strip());
        body.put("attachments", attachments);
        return body;
    }

    private static String color(Notice notice) {
        if (!notice.open()) return "#2e7d32";
        return switch (notice.severity()) {
            case "critical" -> "#c62828";
            case "warning" -> "#ef6c00";
            default -> "#1565c0";
        };
    }

    // ---- DingTalk: an action card for one notice, a Markdown digest for several (DingTalk's own advice)

    private static Map<String, Object> dingtalk(List<Notice> batch, String consoleUrl) {
        if (batch.size() == 1) {
            Notice notice = batch.getFirst();
            String markdown = "### Outrider " + headline(notice) + "\n\n"
                    + details(notice).replace("\n", "\n\n");
            return Map.of(
                    "msgtype",
                    "actionCard",
                    "actionCard",
                    Map.of(
                            "title",
                            "Outrider " + headline(notice),
                            "text",
                            markdown,
                            "btnOrientation",
                            "0",
                            "singleTitle",
                            "Open in Outrider",
                            "singleURL",
                            link(consoleUrl, notice)));
        }
        StringBuilder markdown = new StringBuilder("### " + digestTitle(batch) + "\n");
        for (Notice notice : shown(batch))
            markdown.append("\n- [")
                    .append(notice.incidentId())
                    .append("](")
                    .append(link(consoleUrl, notice))
                    .append(") ")
                    .append(notice.line().substring(notice.incidentId().length() + 1));
        markdown.append("\n\n")
                .append(more(batch))
                .append(" [open the inbox](")
                .append(consoleUrl)
                .append("/)");
        return Map.of(
                "msgtype", "markdown", "markdown", Map.of("title", digestTitle(batch), "text", markdown.toString()));
    }

    // ---- Feishu: an interactive card; its buttons call back the app (when the bot is one) or open the console

    private static Map<String, Object> feishu(List<Notice> batch, String consoleUrl) {
        Notice first = batch.getFirst();
        String title = batch.size() == 1 ? "Outrider " + headline(first) : digestTitle(batch);
        String template = batch.size() > 1
                ? "blue"
                : switch (color(first)) {
                    case "#c62828" -> "red";
                    case "#ef6c00" -> "orange";
                    case "#2e7d32" -> "green";
                    default -> "blue";
                };
        StringBuilder text = new StringBuilder();
        if (batch.size() == 1) text.append(details(first));
        else {
            for (Notice notice : shown(batch))
                text.append("- [")
                        .append(notice.incidentId())
                        .append("](")
                        .append(link(consoleUrl, notice))
                        .append(") ")
                        .append(notice.line().substring(notice.incidentId().length() + 1))
                        .append('\n');
            text.append(more(batch));
        }
        List<Object> buttons = new ArrayList<>();
        if (batch.size() == 1) {
            if (first.runId() != null) {
                buttons.add(feishuButton("Approve run", "primary", Map.of("action", "approve", "id", first.runId())));
                buttons.add(feishuButton("Reject run", "danger", Map.of("action", "reject", "id", first.runId())));
            }
            if (first.status().equals("triggered"))
                buttons.add(feishuButton("Acknowledge", "primary", Map.of("action", "ack", "id", first.incidentId())));
        }
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("tag", "button");
        open.put(
                "text",
                Map.of("tag", "plain_text", "content", batch.size() == 1 ? "Open in Outrider" : "Open the inbox"));
        open.put("type", "default");
        open.put("url", batch.size() == 1 ? link(consoleUrl, first) : consoleUrl + "/");
        buttons.add(open);
        return Map.of(
                "header",
                Map.of("title", Map.of("tag", "plain_text", "content", title), "template", template),
                "elements",
                List.of(
                        Map.of(
                                "tag",
                                "div",
                                "text",
                                Map.of("tag", "lark_md", "content", cut(text.toString(), FEISHU_TEXT))),
                        Map.of("tag", "action", "actions", buttons)));
    }

    private static Map<String, Object> feishuButton(String label, String type, Map<String, String> value) {
        return Map.of(
                "tag", "button", "text", Map.of("tag", "plain_text", "content", label), "type", type, "value", value);
    }

    private static String write(Object body) {
        return JSON.writeValueAsString(body);
    }
}
