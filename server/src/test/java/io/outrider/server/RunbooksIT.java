package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentJson;
import io.outrider.core.incident.RootCause;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.testing.SharedInfrastructure;
import io.outrider.runbooks.OrderServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runbooks in the server, against a real order-service process: an incident whose root cause is order-service,
 * published on {@code outrider.incidents} as the correlator does, proposes the shipped holiday-surge runbook; it
 * waits for an approver; approved over the API, its throttles are in force on the service (read back from its
 * control API), and a revert over the API takes them out. The API's answers for what it cannot do.
 */
@ExtendWith(SharedInfrastructure.class)
@DirtiesContext
@SpringBootTest(classes = OutriderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunbooksIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "runbooks-server-it";
    private static @Nullable OrderServiceProcess order;
    private static URI orderUrl;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) throws Exception {
        TestApi.sharedInfrastructure(registry, "runbooks-it-home");
        registry.add("outrider.runbooks.token", () -> TOKEN);
        registry.add("outrider.runbooks.approvers", () -> "alice");
        // two responders: only alice is among the approvers
        registry.add("outrider.console.api-tokens[0].name", () -> "integration-test");
        registry.add("outrider.console.api-tokens[0].sha256", () -> sha256(TestApi.TOKEN));
        registry.add("outrider.console.api-tokens[0].role", () -> "admin");
        registry.add("outrider.console.api-tokens[1].name", () -> "alice");
        registry.add("outrider.console.api-tokens[1].sha256", () -> sha256("token-alice"));
        registry.add("outrider.console.api-tokens[1].role", () -> "responder");
        registry.add("outrider.console.api-tokens[2].name", () -> "mallory");
        registry.add("outrider.console.api-tokens[2].sha256", () -> sha256("token-mallory"));
        registry.add("outrider.console.api-tokens[2].role", () -> "responder");
        // Slack: alice and mallory are console responders, mapped from their Slack ids; the late answers come here
        org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder bcrypt =
                new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4);
        registry.add("outrider.console.users[0].name", () -> "alice");
        registry.add("outrider.console.users[0].password", () -> "{bcrypt}" + bcrypt.encode("alice-password"));
        registry.add("outrider.console.users[0].role", () -> "responder");
        registry.add("outrider.console.users[1].name", () -> "mallory");
        registry.add("outrider.console.users[1].password", () -> "{bcrypt}" + bcrypt.encode("mallory-password"));
        registry.add("outrider.console.users[1].role", () -> "responder");
        registry.add("outrider.chat.slack.signing-secret", () -> SLACK_SECRET);
        registry.add("outrider.chat.slack.users.U0ALICE", () -> "alice");
        registry.add("outrider.chat.slack.users.U0MALLORY", () -> "mallory");
        registry.add("outrider.chat.slack.response-urls", () -> "http://127.0.0.1:");
        slackAnswers = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        slackAnswers.createContext("/", exchange -> {
            answers.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slackAnswers.start();
        registry.add("outrider.runbooks.tick-interval", () -> "1s");
        order = OrderServiceProcess.start(TOKEN);
        orderUrl = order.url();
        registry.add("outrider.runbooks.targets.order", () -> orderUrl.toString());
    }

    private static final String SLACK_SECRET = "runbooks-it-slack-secret";
    private static com.sun.net.httpserver.@Nullable HttpServer slackAnswers;
    private static final java.util.concurrent.BlockingQueue<String> answers =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /** A signed Slack slash command {@code /outrider TEXT} from {@code slackUser}; returns the immediate answer. */
    private HttpResponse<String> slack(String slackUser, String text, String secret) throws Exception {
        String body = "token=legacy&team_id=T0TEAM&channel_id=C0OPS&user_id=" + slackUser + "&command=%2Foutrider"
                + "&text=" + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
                + "&response_url="
                + java.net.URLEncoder.encode(
                        "http://127.0.0.1:" + slackAnswers.getAddress().getPort() + "/commands/1",
                        java.nio.charset.StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/chat/slack/commands"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Slack-Request-Timestamp", timestamp)
                        .header(
                                "X-Slack-Signature",
                                io.outrider.console.chat.SlackSignature.sign(
                                        secret, timestamp, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stopOrderService() throws Exception {
        if (slackAnswers != null) slackAnswers.stop(0);
        if (order != null) order.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    KafkaClientSettings kafka;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return sendAs(null, method, path, body);
    }

    /** A request with the token of {@code user} (alice, mallory), or the tests' admin token when null. */
    private HttpResponse<String> sendAs(@Nullable String user, String method, String path, String body)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .header("Authorization", "Bearer " + (user == null ? TestApi.TOKEN : "token-" + user))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(String token) {
        return io.outrider.console.security.ApiTokens.sha256(token);
    }

    private JsonNode await(String what, String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = send("GET", path, "");
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (done.test(last)) return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "; last answer: " + last);
    }

    private JsonNode orderRules(String kind) throws Exception {
        return JSON.readTree(http.send(
                        HttpRequest.newBuilder(orderUrl.resolve("/control/rules/" + kind))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private String shedClasses() throws Exception {
        for (JsonNode s : JSON.readTree(http.send(
                        HttpRequest.newBuilder(orderUrl.resolve("/control/switches"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body()))
            if (s.path("name").asString("").equals("traffic.shed"))
                return s.path("value").asString();
        throw new AssertionError("order-service has no traffic.shed switch");
    }

    @Test
    void anIncidentRootedInOrderServiceProposesTheSurgeRunbookWhichRunsWhenApprovedAndReverts() throws Exception {
        JsonNode catalog = JSON.readTree(send("GET", "/api/runbooks", "").body());
        assertThat(catalog.path("runbooks").toString()).contains("holiday-surge-order-throttle");
        assertThat(catalog.path("errors")).isEmpty();

        JsonNode plan =
                JSON.readTree(send("POST", "/api/runbooks/holiday-surge-order-throttle/dry-run", "{\"by\":\"alice\"}")
                        .body());
        assertThat(plan.path("plan")).hasSize(4);
        assertThat(plan.at("/plan/2/target").asString()).isEqualTo("order shed scheduled");
        assertThat(plan.at("/plan/0/target").asString()).isEqualTo("order param rules on order.create");
        assertThat(orderRules("param").path("rules"))
                .as("a dry run writes nothing")
                .isEmpty();

        // the correlator publishes an incident whose root cause is order-service, with a traffic alert
        String id = "INC-RB-" + System.nanoTime();
        Alert surge = Alert.firing(
                Map.of(
                        "alertname",
                        "Surge",
                        "service",
                        "order-service",
                        "city",
                        "shanghai",
                        "symptom",
                        "traffic",
                        "severity",
                        "warning"),
                Map.of(),
                Instant.now(),
                "outrider",
                "");
        Incident incident = Incident.open(id, surge, "")
                .withRootCause(new RootCause(
                        Instant.now(),
                        List.of(new RootCause.Suspect(
                                "order-service",
                                20,
                                List.of(new RootCause.Evidence(
                                        "order-service_calls", 20, System.currentTimeMillis(), 100, 900))))));
        try (var producer =
                new KafkaProducer<>(kafka.producer("runbooks-it"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            OutriderTopics.INCIDENTS, incident.unit(), IncidentJson.encode(incident)))
                    .get();
        }
        JsonNode runs = await("a run proposed for " + id, "/api/runbook-runs", body -> {
            for (JsonNode r : body.path("runs"))
                if (id.equals(r.path("incidentId").asString(""))) return true;
            return false;
        });
        String runId = null;
        for (JsonNode r : runs.path("runs"))
            if (id.equals(r.path("incidentId").asString("")))
                runId = r.path("id").asString();
        JsonNode proposed =
                JSON.readTree(send("GET", "/api/runbook-runs/" + runId, "").body());
        assertThat(proposed.at("/run/state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(proposed.at("/run/runbookId").asString()).isEqualTo("holiday-surge-order-throttle");

        assertThat(sendAs("mallory", "POST", "/api/runbook-runs/" + runId + "/approve", "")
                        .statusCode())
                .isEqualTo(403);
        // approved from Slack: refused for a forged signature, an unmapped user and one who is no approver
        assertThat(slack("U0ALICE", "runbook approve " + runId, "a-guessed-secret")
                        .statusCode())
                .isEqualTo(401);
        assertThat(slack("U0STRANGER", "runbook approve " + runId, SLACK_SECRET).body())
                .contains("not mapped to an Outrider user");
        assertThat(slack("U0MALLORY", "runbook approve " + runId, SLACK_SECRET).body())
                .contains("Working on");
        assertThat(answers.poll(30, TimeUnit.SECONDS)).contains("Not allowed", "mallory may not approve");
        HttpResponse<String> approved = slack("U0ALICE", "runbook approve " + runId, SLACK_SECRET);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(answers.poll(30, TimeUnit.SECONDS)).contains("approved by alice");
        await("the approved run's steps applied", "/api/runbook-runs/" + runId, body -> {
            String state = body.at("/run/state").asString("");
            return state.equals("VERIFYING") || state.equals("SUCCEEDED");
        });
        JsonNode param = orderRules("param");
        assertThat(param.path("rules").toString()).contains("order.create");
        assertThat(param.path("expiresAt").isNull()).as("time-boxed").isFalse();
        assertThat(orderRules("flow").path("rules").toString()).contains("order:POST:/orders", "warm_up");
        assertThat(shedClasses()).isEqualTo("scheduled");

        HttpResponse<String> reverted = sendAs("alice", "POST", "/api/runbook-runs/" + runId + "/revert?why=test", "");
        assertThat(reverted.statusCode()).as(reverted.body()).isEqualTo(200);
        assertThat(JSON.readTree(reverted.body()).path("state").asString()).isEqualTo("REVERTED");
        assertThat(orderRules("param").path("rules")).isEmpty();
        assertThat(orderRules("flow").path("rules")).isEmpty();
        assertThat(shedClasses()).isEmpty();
        JsonNode audit = JSON.readTree(
                        send("GET", "/api/runbook-runs/" + runId, "").body())
                .path("audit");
        assertThat(audit.toString())
                .contains("proposed", "approved by alice", "step 1", "reverted", "revert step: notify incident");

        // what it cannot do, it says
        assertThat(send("POST", "/api/runbook-runs/" + runId + "/revert?by=alice", "")
                        .statusCode())
                .isEqualTo(409);
        assertThat(send("GET", "/api/runbook-runs/nope", "").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/runbooks/nope", "").statusCode()).isEqualTo(404);
        HttpResponse<String> outOfBounds = send(
                "POST",
                "/api/runbooks/holiday-surge-order-throttle/runs",
                "{\"by\":\"alice\",\"parameters\":{\"qpsPerCity\":100000}}");
        assertThat(outOfBounds.statusCode()).isEqualTo(400);
        assertThat(outOfBounds.body()).contains("outside its bounds");
    }
}
