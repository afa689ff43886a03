package io.outrider.console.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.console.chat.DingTalkSignature;
import io.outrider.console.chat.FeishuSignature;
import io.outrider.console.chat.SlackSignature;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing notifications against a local HTTP receiver standing in for each platform: the payloads (blocks and
 * buttons, attachments, signed action cards and cards), the rate limit with digests and nothing lost, retries with
 * backoff, permanent failures recorded, and Slack threads.
 */
class ChannelSenderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONSOLE = "https://outrider.example";

    private final Receiver receiver;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<ChannelSender> senders = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    ChannelSenderTest() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        senders.forEach(s -> s.close(Duration.ZERO));
        receiver.close();
    }

    static Notice notice(String id, String event, String status, @Nullable String runId) {
        return new Notice(
                id,
                event,
                event + " by alice",
                "critical",
                "beijing",
                new TreeSet<>(List.of("order-service", "eta-service")),
                status,
                "Latency, Errors",
                "eta-service",
                runId,
                Instant.parse("2026-11-24T10:00:00Z"));
    }

    private ChannelSender sender(
            Platform platform,
            String path,
            @Nullable String secret,
            @Nullable Integer burst,
            @Nullable Integer perMinute,
            int attempts) {
        NotifyProperties.Channel channel = new NotifyProperties.Channel(
                "test-" + platform,
                platform,
                receiver.url(path),
                secret,
                platform == Platform.SLACK_API ? "xoxb-test" : null,
                platform == Platform.SLACK_API ? "C0123" : null,
                new NotifyProperties.Route("info", List.of(), List.of(), List.of()),
                burst,
                perMinute,
                attempts);
        ChannelSender sender = new ChannelSender(channel, CONSOLE, http, deliveries::add, Clock.systemUTC());
        senders.add(sender);
        return sender;
    }

    private static JsonNode json(Receiver.Request request) {
        return JSON.readTree(request.body());
    }

    private void awaitDeliveries(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (deliveries.size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(deliveries).hasSizeGreaterThanOrEqualTo(n);
    }

    @Test
    void slackGetsBlocksWithButtonsAndAFallbackText() throws Exception {
        ChannelSender slack = sender(Platform.SLACK, "/services/T/B/x", null, null, null, 1);
        slack.offer(notice("INC-1", "opened", "triggered", null));
        JsonNode body = json(receiver.await(1, Duration.ofSeconds(5)).getFirst());
        assertThat(body.get("text").asString()).contains("INC-1").contains("Latency, Errors");
        JsonNode section = body.get("blocks").get(0);
        assertThat(section.get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(section.get("text").get("text").asString())
                .contains("<" + CONSOLE + "/incidents/INC-1|INC-1>")
                .contains("most likely root cause: eta-service")
                .hasSizeLessThanOrEqualTo(3000);
        JsonNode buttons = body.get("blocks").get(1).get("elements");
        assertThat(buttons.findValuesAsString("action_id")).containsExactly("ack", "resolve", "open");
        assertThat(buttons.get(0).get("value").asString()).isEqualTo("INC-1");
        assertThat(buttons.get(2).get("url").asString()).isEqualTo(CONSOLE + "/incidents/INC-1");
    }

    @Test
    void aRunAwaitingApprovalOffersApproveAndReject() throws Exception {
        ChannelSender slack = sender(Platform.SLACK, "/services/T/B/x", null, null, null, 1);
        slack.offer(notice("INC-2", "runbook", "acknowledged", "RUN-7"));
        JsonNode buttons = json(receiver.await(1, Duration.ofSeconds(5)).getFirst())
                .get("blocks")
                .get(1)
                .get("elements");
        assertThat(buttons.findValuesAsString("action_id")).containsExactly("approve", "reject", "resolve", "open");
        assertThat(buttons.get(0).get("value").asString()).isEqualTo("RUN-7");
    }

    @Test
    void mattermostGetsAttachmentsNotBlocks() throws Exception {
        ChannelSender mattermost = sender(Platform.MATTERMOST, "/hooks/abc", null, null, null, 1);
        mattermost.offer(notice("INC-3", "acknowledged", "acknowledged", null));
        JsonNode body = json(receiver.await(1, Duration.ofSeconds(5)).getFirst());
        assertThat(body.has("blocks")).isFalse();
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("title_link").asString()).isEqualTo(CONSOLE + "/incidents/INC-3");
        assertThat(attachment.get("fallback").asString()).contains("INC-3");
        assertThat(attachment.get("color").asString()).isEqualTo("#c62828");
    }

    @Test
    void dingTalkMessagesAreSignedInTheUrlAndDigestedAsMarkdown() throws Exception {
        receiver.answer(r -> Receiver.Answer.ok("{\"errcode\":0,\"errmsg\":\"ok\"}"));
        ChannelSender dingtalk = sender(Platform.DINGTALK, "/robot/send?access_token=t", "SECsecret", null, null, 1);
        dingtalk.offer(notice("INC-4", "opened", "triggered", null));
        Receiver.Request first = receiver.await(1, Duration.ofSeconds(5)).getFirst();
        Map<String, String> query = query(first.uri());
        assertThat(query.get("access_token")).isEqualTo("t");
        assertThat(DingTalkSignature.verify("SECsecret", query.get("timestamp"), query.get("sign"), Instant.now()))
                .isEqualTo(SlackSignature.Result.VALID);
        JsonNode card = json(first);
        assertThat(card.get("msgtype").asString()).isEqualTo("actionCard");
        assertThat(card.get("actionCard").get("singleURL").asString()).isEqualTo(CONSOLE + "/incidents/INC-4");
        assertThat(card.get("actionCard").get("text").asString()).contains("Outrider");
    }

    @Test
    void feishuCardsCarryTheSignatureInTheBody() throws Exception {
        receiver.answer(r -> Receiver.Answer.ok("{\"code\":0,\"msg\":\"success\"}"));
        ChannelSender feishu = sender(Platform.FEISHU, "/open-apis/bot/v2/hook/x", "fs-secret", null, null, 1);
        feishu.offer(notice("INC-5", "opened", "triggered", null));
        JsonNode body = json(receiver.await(1, Duration.ofSeconds(5)).getFirst());
        assertThat(FeishuSignature.verifyBot(
                        "fs-secret",
                        body.get("timestamp").asString(),
                        body.get("sign").asString(),
                        Instant.now()))
                .isEqualTo(SlackSignature.Result.VALID);
        assertThat(body.get("msg_type").asString()).isEqualTo("interactive");
        JsonNode card = body.get("card");
        assertThat(card.get("header").get("template").asString()).isEqualTo("red");
        JsonNode buttons = card.get("elements").get(1).get("actions");
        assertThat(buttons.get(0).get("value").get("action").asString()).isEqualTo("ack");
        assertThat(buttons.get(1).get("url").asString()).isEqualTo(CONSOLE + "/incidents/INC-5");
        assertThat(body.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(20 * 1024);
    }

    /**
     * 40 notices offered faster than the limit (2 at once, then 1/s): the receiver never gets more than the bucket
     * allows in any stretch of time, the updates that piled up go as digests, and every notice arrives exactly once.
     */
    @Test
    void theRateLimitHoldsAndDigestsLoseNothing() throws Exception {
        ChannelSender webhook = sender(Platform.WEBHOOK, "/hook", null, 2, 60, 1);
        Instant start = Instant.now();
        for (int i = 0; i < 40; i++) {
            webhook.offer(notice("INC-" + i, "opened", "triggered", null));
            Thread.sleep(50); // 2 s of updates, 20 a second
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Set<String> seen = new HashSet<>();
        int total = 0;
        while (System.nanoTime() < deadline) {
            seen.clear();
            total = 0;
            for (Receiver.Request r : receiver.requests)
                for (JsonNode n : json(r).get("notices")) {
                    seen.add(n.get("incidentId").asString());
                    total++;
                }
            if (seen.size() == 40) break;
            Thread.sleep(50);
        }
        assertThat(seen).hasSize(40);
        assertThat(total).as("no notice sent twice").isEqualTo(40);
        List<Receiver.Request> requests = List.copyOf(receiver.requests);
        assertThat(requests.size()).as("digests, not one message each").isLessThan(10);
        for (Receiver.Request r : requests) {
            double seconds = Duration.between(start, r.at()).toMillis() / 1000.0;
            long before = requests.stream().filter(o -> !o.at().isAfter(r.at())).count();
            assertThat((double) before).as("requests by %.1f s", seconds).isLessThanOrEqualTo(2 + seconds * 1 + 0.2);
        }
    }

    @Test
    void failuresAreRetriedWithBackoffThenRecorded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(r ->
                calls.incrementAndGet() <= 2 ? new Receiver.Answer(503, "busy", Map.of()) : Receiver.Answer.ok("ok"));
        ChannelSender slack = sender(Platform.SLACK, "/services/T/B/x", null, null, null, 4);
        slack.offer(notice("INC-6", "resolved", "resolved", null));
        awaitDeliveries(1);
        Delivery delivery = deliveries.getFirst();
        assertThat(delivery.sent()).isTrue();
        assertThat(delivery.attempts()).isEqualTo(3);
        List<Receiver.Request> tries = receiver.requests;
        // 1 s, then 2 s
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(tries.get(1).at(), tries.get(2).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
        assertThat(slack.status().sent()).isEqualTo(1);
    }

    @Test
    void aRevokedWebhookIsNotRetriedAndShowsItsFailure() throws Exception {
        receiver.answer(r -> new Receiver.Answer(404, "no_service", Map.of()));
        ChannelSender slack = sender(Platform.SLACK, "/services/gone", null, null, null, 5);
        slack.offer(notice("INC-7", "opened", "triggered", null));
        awaitDeliveries(1);
        assertThat(receiver.requests).hasSize(1);
        Delivery delivery = deliveries.getFirst();
        assertThat(delivery.sent()).isFalse();
        assertThat(delivery.status()).isEqualTo(404);
        assertThat(delivery.detail()).contains("no_service").contains("webhook URL");
        ChannelSender.Status status = slack.status();
        assertThat(status.failed()).isEqualTo(1);
        assertThat(status.lastFailure()).contains("404");
    }

    @Test
    void slackApiThreadsTheUpdatesOfAnIncidentUnderItsFirstMessage() throws Exception {
        receiver.answer(r -> Receiver.Answer.ok("{\"ok\":true,\"channel\":\"C0123\",\"ts\":\"1732440000.000100\"}"));
        ChannelSender slack = sender(Platform.SLACK_API, "/api/chat.postMessage", null, null, null, 1);
        slack.offer(notice("INC-8", "opened", "triggered", null));
        receiver.await(1, Duration.ofSeconds(5));
        slack.offer(notice("INC-8", "acknowledged", "acknowledged", null));
        slack.offer(notice("INC-8", "resolved", "resolved", null));
        List<Receiver.Request> sent = receiver.await(2, Duration.ofSeconds(5));
        JsonNode first = json(sent.get(0));
        assertThat(first.get("channel").asString()).isEqualTo("C0123");
        assertThat(first.has("thread_ts")).isFalse();
        assertThat(sent.get(0).headers().get("Authorization")).containsExactly("Bearer xoxb-test");
        JsonNode reply = json(sent.get(1));
        assertThat(reply.get("thread_ts").asString()).isEqualTo("1732440000.000100");
    }

    @Test
    void platformsThatAnswerErrorsWithHttp200AreReadCorrectly() {
        assertThat(ChannelSender.judge(
                        Platform.DINGTALK, 200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}", null))
                .satisfies(a -> {
                    assertThat(a.ok()).isFalse();
                    assertThat(a.retry()).isTrue();
                    assertThat(a.after()).isEqualTo(Duration.ofSeconds(60));
                });
        assertThat(ChannelSender.judge(
                                Platform.DINGTALK, 200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}", null)
                        .detail())
                .contains("secret");
        assertThat(ChannelSender.judge(Platform.FEISHU, 200, "{\"code\":19021,\"msg\":\"sign match fail\"}", null)
                        .retry())
                .isFalse();
        assertThat(ChannelSender.judge(Platform.FEISHU, 200, "{\"code\":11232,\"msg\":\"frequency limited\"}", null)
                        .retry())
                .isTrue();
        assertThat(ChannelSender.judge(Platform.SLACK_API, 200, "{\"ok\":false,\"error\":\"ratelimited\"}", "3"))
                .satisfies(a -> {
                    assertThat(a.retry()).isTrue();
                    assertThat(a.after()).isEqualTo(Duration.ofSeconds(3));
                });
        assertThat(ChannelSender.judge(Platform.SLACK, 429, "", "7").after()).isEqualTo(Duration.ofSeconds(7));
        assertThat(ChannelSender.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ChannelSender.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(ChannelSender.backoff(20)).isEqualTo(Duration.ofSeconds(60));
    }

    private static Map<String, String> query(String uri) {
        Map<String, String> out = new java.util.HashMap<>();
        String query = URI.create(uri).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
