package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.outrider.console.chat.DingTalkSignature;
import io.outrider.console.chat.FeishuSignature;
import io.outrider.console.chat.SlackSignature;
import io.outrider.infra.kafka.TopicLoop;
import io.outrider.infra.testing.SharedInfrastructure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ChatOps end to end in the server, against a local HTTP server standing in for Slack, DingTalk and Feishu: an
 * incident from the Alertmanager webhook is announced to Slack (chat.postMessage, with buttons) and DingTalk (signed);
 * Slack's Acknowledge button acknowledges it and the update goes to the message's thread; a signed, encrypted
 * Feishu card callback resolves it; a revoked channel's failure shows in the console; the postmortem is drafted,
 * saved (a stale save refused), exported as Markdown and PDF; the analytics count it.
 */
@ExtendWith(SharedInfrastructure.class)
@DirtiesContext
@SpringBootTest(classes = OutriderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatOpsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLACK_SECRET = "chatops-it-slack-secret";
    private static final String DINGTALK_SECRET = "SECchatops-it";
    private static final String FEISHU_KEY = "chatops-it-encrypt-key";
    /**
     * The unit of this test's incident. The channels take only its incidents: other tests' incidents, on the same
     * Kafka, would otherwise share the channels' rate limits and turn the updates awaited here into digests.
     */
    private static final String CITY = "chatops-city-" + Long.toString(System.nanoTime(), 36);

    /** What the stand-in received: path with query, body. */
    record Received(String uri, String body, Map<String, String> headers) {}

    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger slackTs = new AtomicInteger();
    private static @Nullable HttpServer platforms;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) throws Exception {
        TestApi.sharedInfrastructure(registry, "chatops-it-home");
        platforms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platforms.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            String uri = exchange.getRequestURI().toString();
            received.add(new Received(uri, body, headers));
            int status = 200;
            String answer = "ok";
            if (uri.startsWith("/slack/api/chat.postMessage"))
                answer = "{\"ok\":true,\"channel\":\"C0ONCALL\",\"ts\":\"1732440000.00" + slackTs.incrementAndGet()
                        + "\"}";
            else if (uri.startsWith("/dingtalk/robot/send")) {
                Map<String, String> q = query(exchange.getRequestURI());
                boolean signed =
                        DingTalkSignature.verify(DINGTALK_SECRET, q.get("timestamp"), q.get("sign"), Instant.now())
                                == SlackSignature.Result.VALID;
                answer = signed
                        ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
                        : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
            } else if (uri.startsWith("/feishu/gone")) {
                status = 404;
                answer = "{\"code\":19001,\"msg\":\"param invalid: incoming webhook access token invalid\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        platforms.start();
        String base = "http://127.0.0.1:" + platforms.getAddress().getPort();
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        registry.add("outrider.console.users[0].name", () -> "alice");
        registry.add("outrider.console.users[0].password", () -> "{bcrypt}" + bcrypt.encode("alice-password"));
        registry.add("outrider.console.users[0].role", () -> "responder");
        registry.add("outrider.chat.slack.signing-secret", () -> SLACK_SECRET);
        registry.add("outrider.chat.slack.users.U0ALICE", () -> "alice");
        registry.add("outrider.chat.slack.response-urls", () -> base + "/slack/response");
        registry.add("outrider.chat.feishu.encrypt-key", () -> FEISHU_KEY);
        registry.add("outrider.chat.feishu.users.ou_alice", () -> "alice");
        registry.add("outrider.notify.console-url", () -> "https://outrider.example");
        registry.add("outrider.notify.channels[0].route.units", () -> CITY);
        registry.add("outrider.notify.channels[0].name", () -> "oncall-slack");
        registry.add("outrider.notify.channels[0].platform", () -> "slack-api");
        registry.add("outrider.notify.channels[0].url", () -> base + "/slack/api/chat.postMessage");
        registry.add("outrider.notify.channels[0].token", () -> "xoxb-chatops-it");
        registry.add("outrider.notify.channels[0].channel", () -> "C0ONCALL");
        registry.add("outrider.notify.channels[1].route.units", () -> CITY);
        registry.add("outrider.notify.channels[1].name", () -> "dispatch-dingtalk");
        registry.add("outrider.notify.channels[1].platform", () -> "dingtalk");
        registry.add("outrider.notify.channels[1].url", () -> base + "/dingtalk/robot/send?access_token=it");
        registry.add("outrider.notify.channels[1].secret", () -> DINGTALK_SECRET);
        registry.add("outrider.notify.channels[1].route.min-severity", () -> "critical");
        registry.add("outrider.notify.channels[1].route.events", () -> "opened,resolved");
        registry.add("outrider.notify.channels[2].route.units", () -> CITY);
        registry.add("outrider.notify.channels[2].name", () -> "revoked-feishu");
        registry.add("outrider.notify.channels[2].platform", () -> "feishu");
        registry.add("outrider.notify.channels[2].url", () -> base + "/feishu/gone");
        registry.add("outrider.notify.channels[2].secret", () -> "fs-secret");
        registry.add("outrider.notify.channels[2].route.events", () -> "opened");
    }

    @AfterAll
    static void stopPlatforms() {
        if (platforms != null) platforms.stop(0);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    @Qualifier("notifierLoop")
    TopicLoop notifierLoop;

    private final HttpClient http = HttpClient.newHttpClient();

    private String api(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    private HttpResponse<String> send(String method, String path, String body, String type) throws Exception {
        return http.send(
                TestApi.request(api(path))
                        .header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void hostileBodiesOnTheHttpListenersGetClearAnswersAndTheServerKeepsServing() throws Exception {
        String huge = "x".repeat(5 * 1024 * 1024); // over outrider.console.max-body (4 MB)
        for (String path : List.of(
                "/chat/slack/commands",
                "/chat/slack/actions",
                "/chat/feishu/events",
                "/api/incidents/INC-none/notes",
                "/api/runbooks/slow-eta-degrade-to-formula/dry-run")) {
            HttpResponse<String> declared = send("POST", path, huge, "application/json");
            assertThat(declared.statusCode()).as(path).isEqualTo(413);
            assertThat(declared.body()).as(path).contains("outrider.console.max-body");
            // without a declared length (chunked), the body is cut off once past the limit
            String type = path.startsWith("/chat/slack") ? "application/x-www-form-urlencoded" : "application/json";
            HttpResponse<String> chunked = http.send(
                    TestApi.request(api(path))
                            .header("Content-Type", type)
                            .POST(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).as(path + " chunked").isEqualTo(413);
        }
        // malformed: unsigned chat callbacks are refused before their body is parsed, bad JSON is named
        HttpResponse<String> badForm =
                send("POST", "/chat/slack/commands", "text=%ZZ&&&", "application/x-www-form-urlencoded");
        assertThat(badForm.statusCode()).as(badForm.body()).isIn(400, 401);
        assertThat(send("POST", "/chat/feishu/events", "{not json", "application/json")
                        .statusCode())
                .isIn(400, 401);
        HttpResponse<String> badRun = send(
                "POST", "/api/runbooks/slow-eta-degrade-to-formula/dry-run", "{\"parameters\": 7", "application/json");
        assertThat(badRun.statusCode()).as(badRun.body()).isEqualTo(400);
        // and everyone else is still served
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(json("/api/incidents?size=1").has("incidents")).isTrue();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(TestApi.request(api(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<Received> await(String what, Predicate<List<Received>> done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            List<Received> now = List.copyOf(received);
            if (done.test(now)) return now;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; received: " + received);
    }

    private JsonNode awaitIncident(String what, String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = json(path);
            if (done.test(last)) return last;
            Thread.sleep(300);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    private static List<Received> to(List<Received> all, String prefix, String incident) {
        return all.stream()
                .filter(r -> r.uri().startsWith(prefix) && r.body().contains(incident))
                .toList();
    }

    @Test
    void anIncidentIsAnnouncedActedOnFromChatAndWrittenUp() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!notifierLoop.positioned() && Instant.now().isBefore(deadline)) Thread.sleep(100);
        assertThat(notifierLoop.positioned())
                .as("the notifier reads outrider.incidents")
                .isTrue();

        String suffix = Long.toString(System.nanoTime(), 36);
        String service = "chatops-eta-" + suffix;
        String city = CITY;
        String alert = """
                {"version":"4","status":"firing","receiver":"outrider","alerts":[
                 {"status":"firing","labels":{"alertname":"EtaLatency","service":"%s","city":"%s","severity":"critical"},"startsAt":"%s"}]}
                """.formatted(service, city, Instant.now().minusSeconds(30));
        assertThat(send("POST", "/api/alertmanager/webhook", alert, "application/json")
                        .body())
                .contains("\"accepted\":1");
        JsonNode incidents = awaitIncident(
                "the incident",
                "/api/incidents?status=triggered&size=1000",
                body -> body.toString().contains(city));
        String id = null;
        for (JsonNode i : incidents.get("incidents"))
            if (i.get("unit").asString().equals(city)) id = i.get("id").asString();
        assertThat(id).isNotNull();
        String incident = id;

        // announced: Slack with buttons (the first message of its thread), DingTalk signed (the stand-in checks it)
        List<Received> opened = await(
                "Slack and DingTalk messages",
                all -> !to(all, "/slack/api", incident).isEmpty()
                        && !to(all, "/dingtalk", incident).isEmpty());
        Received slack = to(opened, "/slack/api", incident).getFirst();
        assertThat(slack.headers().get("authorization")).isEqualTo("Bearer xoxb-chatops-it");
        JsonNode message = JSON.readTree(slack.body());
        assertThat(message.get("channel").asString()).isEqualTo("C0ONCALL");
        assertThat(message.has("thread_ts")).isFalse();
        assertThat(message.get("blocks").get(0).get("text").get("text").asString())
                .contains("<https://outrider.example/incidents/" + incident + "|" + incident + ">");
        assertThat(message.get("blocks").get(1).get("elements").findValuesAsString("action_id"))
                .contains("ack", "resolve", "open");
        String ts = "1732440000.00" + slackTs.get();
        assertThat(JSON.readTree(to(opened, "/dingtalk", incident).getFirst().body())
                        .get("msgtype")
                        .asString())
                .isEqualTo("actionCard");

        // Slack's Acknowledge button, signed, by alice (mapped); the outcome goes to response_url, the update to the
        // thread
        String payload = JSON.writeValueAsString(Map.of(
                "type",
                "block_actions",
                "user",
                Map.of("id", "U0ALICE"),
                "response_url",
                "http://127.0.0.1:" + platforms.getAddress().getPort() + "/slack/response/1",
                "actions",
                List.of(Map.of("action_id", "ack", "value", incident))));
        String form = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        assertThat(slackAction(form, SLACK_SECRET).statusCode()).isEqualTo(200);
        assertThat(slackAction(form, "wrong-secret").statusCode()).isEqualTo(401);
        List<Received> acknowledged = await(
                "the answer on response_url and the threaded update",
                all -> all.stream()
                                .anyMatch(r -> r.uri().startsWith("/slack/response")
                                        && r.body().contains(incident))
                        && to(all, "/slack/api", incident).stream()
                                .anyMatch(r -> r.body().contains("thread_ts")));
        assertThat(acknowledged.stream()
                        .filter(r -> r.uri().startsWith("/slack/response"))
                        .findFirst()
                        .orElseThrow()
                        .body())
                .contains("acknowledged by alice");
        JsonNode reply = JSON.readTree(to(acknowledged, "/slack/api", incident).stream()
                .filter(r -> r.body().contains("thread_ts"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(reply.get("thread_ts").asString()).isEqualTo(ts);
        assertThat(reply.get("text").asString()).contains("acknowledged by alice");
        assertThat(json("/api/incidents/" + incident).get("status").asString()).isEqualTo("acknowledged");

        // Feishu's card callback: encrypted and signed; a tampered one is refused; the challenge is answered
        String event = JSON.writeValueAsString(Map.of(
                "schema", "2.0",
                "header", Map.of("event_type", "card.action.trigger", "token", "t"),
                "event",
                        Map.of(
                                "operator", Map.of("open_id", "ou_alice"),
                                "action", Map.of("value", Map.of("action", "resolve", "id", incident)))));
        String sealed = "{\"encrypt\":\""
                + FeishuSignature.encrypt(FEISHU_KEY, event, "0123456789abcdef".getBytes(StandardCharsets.UTF_8))
                + "\"}";
        HttpResponse<String> tampered = feishu(sealed, sealed.replace("\"}", "A\"}"));
        assertThat(tampered.statusCode()).isEqualTo(401);
        HttpResponse<String> toast = feishu(sealed, sealed);
        assertThat(toast.statusCode()).as(toast.body()).isEqualTo(200);
        assertThat(JSON.readTree(toast.body()).get("toast").get("content").asString())
                .contains("resolved by alice");
        String challenge = "{\"encrypt\":\""
                + FeishuSignature.encrypt(
                        FEISHU_KEY,
                        "{\"type\":\"url_verification\",\"challenge\":\"c-42\",\"token\":\"t\"}",
                        new byte[16])
                + "\"}";
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(api("/chat/feishu/events")))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(challenge))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("\"challenge\":\"c-42\"");
        assertThat(json("/api/incidents/" + incident).get("status").asString()).isEqualTo("resolved");
        await(
                "the resolution in DingTalk and in the Slack thread",
                all -> to(all, "/dingtalk", incident).size() >= 2
                        && to(all, "/slack/api", incident).stream()
                                .anyMatch(r -> r.body().contains("reply_broadcast")));

        // the revoked Feishu webhook: not retried on a 404, its failure shown with what to check
        JsonNode channels = awaitIncident(
                "the failed delivery recorded",
                "/api/notifications",
                body -> body.toString().contains("revoked-feishu")
                        && body.toString().contains("\"failed\":1"));
        assertThat(channels.toString()).contains("HTTP 404").contains("webhook URL");
        HttpResponse<String> page = get("/notifications");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("revoked-feishu").contains("oncall-slack");
        // every chat action is audited
        assertThat(get("/audit").body()).contains("slack ack " + incident).contains("feishu resolve " + incident);

        // the postmortem: drafted with its sections and times, saved, a stale save refused, exported
        JsonNode postmortem = json("/api/incidents/" + incident + "/postmortem");
        assertThat(postmortem.get("stored").asBoolean()).isFalse();
        String draft = postmortem.get("markdown").asString();
        assertThat(draft)
                .contains(
                        "## Summary",
                        "## Impact",
                        "## Root causes",
                        "## Trigger",
                        "## Detection",
                        "## Resolution",
                        "## Action items",
                        "## Lessons learned",
                        "## Timeline",
                        "## Supporting information")
                .contains("acknowledged by alice")
                .contains("resolved by alice");
        assertThat(postmortem.get("times").get("timeToAcknowledge").asString()).isNotEqualTo("—");
        HttpResponse<String> saved = send(
                "PUT",
                "/api/incidents/" + incident + "/postmortem?status=in%20review",
                draft + "\nReviewed.\n",
                "text/plain");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        HttpResponse<String> stale =
                send("PUT", "/api/incidents/" + incident + "/postmortem", draft + "\nOther edit.\n", "text/plain");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("reload");
        assertThat(get("/incidents/" + incident + "/postmortem.md").body()).endsWith("Reviewed.\n");
        HttpResponse<byte[]> pdf = http.send(
                TestApi.request(api("/incidents/" + incident + "/postmortem.pdf"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        HttpResponse<String> editor = get("/incidents/" + incident + "/postmortem");
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.body()).contains("<h2>Summary</h2>").contains("in review");

        // the analytics count it
        JsonNode analytics = json("/api/analytics?weeks=1");
        assertThat(analytics.get("incidents").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(analytics.get("perService").has(service)).isTrue();
        assertThat(get("/analytics").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> slackAction(String form, String secret) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return http.send(
                HttpRequest.newBuilder(URI.create(api("/chat/slack/actions")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Slack-Request-Timestamp", timestamp)
                        .header(
                                "X-Slack-Signature",
                                SlackSignature.sign(secret, timestamp, form.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A Feishu callback whose signature is that of {@code signed} and whose body is {@code sent}. */
    private HttpResponse<String> feishu(String signed, String sent) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = "n-" + System.nanoTime();
        return http.send(
                HttpRequest.newBuilder(URI.create(api("/chat/feishu/events")))
                        .header("Content-Type", "application/json")
                        .header("X-Lark-Request-Timestamp", timestamp)
                        .header("X-Lark-Request-Nonce", nonce)
                        .header(
                                "X-Lark-Signature",
                                FeishuSignature.callbackSignature(
                                        FEISHU_KEY, timestamp, nonce, signed.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(sent))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null)
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0)
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        return out;
    }
}
