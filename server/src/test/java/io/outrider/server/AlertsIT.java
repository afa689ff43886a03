package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.collector.otlp.OtlpHttpServer;
import io.outrider.core.alert.Alert;
import io.outrider.core.alert.AlertJson;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.testing.SharedInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * The alert engine in the server: a rule created through the API fires on failing requests sent over OTLP, its
 * events reach {@code outrider.alerts} and Elasticsearch; silences and rule errors through the API; and the round
 * trip from the real Alertmanager (the Debian package) through its webhook into Outrider.
 */
@ExtendWith(SharedInfrastructure.class)
// closed after the class, while the shared Kafka and Elasticsearch still run (not at JVM exit, after them)
@DirtiesContext
@SpringBootTest(classes = OutriderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertsIT {

    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        TestApi.sharedInfrastructure(registry, "alerts-it-home");
        registry.add("outrider.alerts.tick-interval", () -> "500ms");
        registry.add("outrider.alerts.lateness", () -> "1s");
        registry.add("outrider.incidents.localize-interval", () -> "2s");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    OtlpHttpServer otlp;

    @Autowired
    KafkaClientSettings kafka;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String url, String body, String contentType) throws Exception {
        return http.send(
                TestApi.request(url)
                        .header("Content-Type", contentType)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String api(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response =
                http.send(TestApi.request(api(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode await(String what, String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = getJson(path);
            if (done.test(last)) return last;
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "; last answer: " + last);
    }

    /** One request of {@code service} over OTLP/HTTP JSON, failed or not. */
    private void request(String service, boolean failed) throws Exception {
        long start = System.currentTimeMillis() * 1_000_000L;
        String span = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%032x","spanId":"00000000000000a1","name":"POST /checkout","kind":2,
                 "attributes":[{"key":"http.route","value":{"stringValue":"/checkout"}}],
                 "status":{"code":%d},
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """.formatted(service, System.nanoTime(), failed ? 2 : 1, start, start + 2_000_000);
        HttpResponse<String> response =
                send("POST", "http://127.0.0.1:" + otlp.port() + "/v1/traces", span, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aRuleCreatedThroughTheApiFiresAndItsEventsReachKafkaAndElasticsearch() throws Exception {
        String rule = """
                name: CheckoutErrors
                type: threshold
                query: { metric: error_ratio, by: [service], match: ['service="checkout-it"'], min_count: 3 }
                window: 10s
                op: ">"
                value: 0.5
                resolve_after: 0s
                labels: { symptom: errors, severity: critical, city: shanghai }
                annotations: { summary: "{{service}} fails {{observed}} of its requests" }
                """;
        HttpResponse<String> put = send("PUT", api("/api/alert-rules/CheckoutErrors"), rule, "application/yaml");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(getJson("/api/alert-rules/CheckoutErrors").get("origin").asString())
                .contains("api");

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumer("alerts-it-" + System.nanoTime()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(OutriderTopics.ALERTS));
            // the engine reads the span stream (its consumer group has its partitions) before the test sends
            request("checkout-it", false);
            awaitEngineInput();
            // failing requests for a little over two 10 s windows
            Instant until = Instant.now().plusSeconds(22);
            while (Instant.now().isBefore(until)) {
                for (int i = 0; i < 5; i++) request("checkout-it", true);
                Thread.sleep(500);
            }
            JsonNode tracked = await("the alert to fire", "/api/alerts", body -> firing(body, "CheckoutErrors"));
            assertThat(tracked.toString()).contains("checkout-it");

            Alert event = null;
            Instant deadline = Instant.now().plusSeconds(30);
            while (event == null && Instant.now().isBefore(deadline))
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Alert alert = AlertJson.decode(record.value());
                    if ("CheckoutErrors".equals(alert.labels().get("alertname"))) {
                        event = alert;
                        assertThat(record.key()).isEqualTo("shanghai");
                    }
                }
            assertThat(event).isNotNull();
            assertThat(event.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(event.labels())
                    .containsEntry("service", "checkout-it")
                    .containsEntry("symptom", "errors")
                    .containsEntry("severity", "critical");
            // the summary template, filled in; all failed but the one good request, which may share the window with
            // as little as one batch of five failures (5/6)
            assertThat(event.annotations().get("summary"))
                    .matches("checkout-it fails (1|0\\.8333|0\\.9\\d*) of its requests");
            assertThat(Double.parseDouble(event.annotations().get("observed"))).isGreaterThan(0.5);

            await(
                    "the firing event in Elasticsearch",
                    "/api/alerts/history?label=alertname=CheckoutErrors",
                    body -> body.get("alerts").size() == 1);
        }
        // the requests succeed again: with resolve_after 0s it resolves at the next window
        Instant until = Instant.now().plusSeconds(12);
        while (Instant.now().isBefore(until)) {
            for (int i = 0; i < 5; i++) request("checkout-it", false);
            Thread.sleep(500);
        }
        await(
                "the resolved event in Elasticsearch",
                "/api/alerts/history?label=alertname=CheckoutErrors&status=resolved",
                body -> body.get("alerts").size() == 1);
        assertThat(send("DELETE", api("/api/alert-rules/CheckoutErrors"), "", "text/plain")
                        .statusCode())
                .isEqualTo(204);
    }

    private void awaitEngineInput() throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(api("/actuator/prometheus")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String line : metrics.lines().toList())
                if (line.startsWith("outrider_alerts_input_trees_total")
                        && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) return;
            Thread.sleep(500);
        }
        throw new AssertionError("the alert engine read no span tree within 60 s");
    }

    private static boolean firing(JsonNode body, String rule) {
        for (JsonNode alert : body.get("alerts"))
            if (alert.get("rule").asString().equals(rule)
                    && alert.get("phase").asString().equals("firing")) return true;
        return false;
    }

    @Test
    void ruleErrorsThroughTheApiNameTheLineAndTheField() throws Exception {
        HttpResponse<String> response = send(
                "PUT",
                api("/api/alert-rules/Broken"),
                "name: Broken\ntype: threshold\nquery: { metric: error_ratio }\nop: \">\"\nvalue: high\n",
                "application/yaml");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        assertThat(errors.toString())
                .contains("\"line\":5", "\"field\":\"value\"", "must be a number, not 'high'")
                .contains("\"field\":\"labels\"", "needs symptom");
        JsonNode all = getJson("/api/alert-rules");
        assertThat(all.get("rules").toString()).contains("ServiceErrorRatio", "DispatchRateLow", "HeartbeatLoss");
        assertThat(send("DELETE", api("/api/alert-rules/ServiceErrorRatio"), "", "text/plain")
                        .body())
                .contains("classpath:io/outrider/alert/rule/logistics-core.yml");
    }

    @Test
    void silencesAreCreatedListedAndExpiredWithClearErrors() throws Exception {
        HttpResponse<String> created = send(
                "POST",
                api("/api/silences"),
                "{\"matchers\":[\"service=\\\"order-service\\\"\",\"severity=~\\\"warning|info\\\"\"],\"duration\":\"2h\","
                        + "\"createdBy\":\"alice\",\"comment\":\"canary of order-service\"}",
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        assertThat(getJson("/api/silences").toString()).contains(id, "\"state\":\"active\"", "canary of order-service");

        assertThat(send("POST", api("/api/silences"), "{\"matchers\":[],\"duration\":\"1h\"}", "application/json")
                        .body())
                .contains("matchers");
        assertThat(send(
                                "POST",
                                api("/api/silences"),
                                "{\"matchers\":[\"a=b\"],\"duration\":\"1h\",\"color\":1}",
                                "application/json")
                        .body())
                .contains("unknown field color");
        assertThat(send("POST", api("/api/silences"), "{not json", "application/json")
                        .statusCode())
                .isEqualTo(400);

        HttpResponse<String> expired = send("DELETE", api("/api/silences/" + id), "", "text/plain");
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(expired.body()).contains("\"state\":\"expired\"");
        assertThat(send("DELETE", api("/api/silences/nope"), "", "text/plain").statusCode())
                .isEqualTo(404);
    }

    @Test
    void alertsFromTheRealAlertmanagerArriveThroughItsWebhook() throws Exception {
        assertThat(ALERTMANAGER)
                .as("the prometheus-alertmanager Debian package (.ci/run installs it)")
                .exists();
        Path dir = Files.createTempDirectory("alertmanager-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(
                dir.resolve("alertmanager.yml"), """
                route:
                  receiver: outrider
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: outrider
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials: %s
                """.formatted(api("/api/alertmanager/webhook"), TestApi.TOKEN));
        Process alertmanager = new ProcessBuilder(
                        ALERTMANAGER.toString(),
                        "--config.file=" + dir.resolve("alertmanager.yml"),
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        try {
            String am = "http://127.0.0.1:" + port;
            awaitUp(am + "/-/ready");
            Instant start = Instant.now().minusSeconds(5);
            String alert = """
                    [{"labels":{"alertname":"NodeDiskFull","job":"node-exporter","instance":"db-1:9100","severity":"warning"},
                      "annotations":{"summary":"disk 95%% full"},
                      "startsAt":"%s","endsAt":"%s","generatorURL":"http://prometheus/graph"}]
                    """;
            HttpResponse<String> posted = send(
                    "POST",
                    am + "/api/v2/alerts",
                    alert.formatted(start, Instant.now().plusSeconds(3600)),
                    "application/json");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            JsonNode firing = await(
                    "Alertmanager's alert in Outrider",
                    "/api/alerts/history?label=alertname=NodeDiskFull",
                    body -> body.get("alerts").size() == 1);
            JsonNode doc = firing.get("alerts").get(0);
            assertThat(doc.get("source").asString()).isEqualTo("alertmanager");
            assertThat(doc.get("status").asString()).isEqualTo("firing");
            assertThat(doc.get("labels").get("service").asString()).isEqualTo("node-exporter");
            assertThat(doc.get("annotations").get("summary").asString()).isEqualTo("disk 95% full");
            assertThat(doc.get("annotations").has("alertmanager_fingerprint")).isTrue();

            // resolved in Alertmanager: the webhook says so, and the same occurrence is marked resolved
            send("POST", am + "/api/v2/alerts", alert.formatted(start, Instant.now()), "application/json");
            await(
                    "the resolution from Alertmanager",
                    "/api/alerts/history?label=alertname=NodeDiskFull&status=resolved",
                    body -> body.get("alerts").size() == 1);
        } finally {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) alertmanager.destroyForcibly();
        }
    }

    @Test
    void aBadWebhookBodyIsRefusedAndTheServerKeepsServing() throws Exception {
        HttpResponse<String> notJson =
                send("POST", api("/api/alertmanager/webhook"), "{\"alerts\": [", "application/json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not JSON");
        HttpResponse<String> partly = send(
                "POST",
                api("/api/alertmanager/webhook"),
                "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}},"
                        + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-24T10:00:00Z\"}]}",
                "application/json");
        assertThat(partly.statusCode()).isEqualTo(200);
        assertThat(partly.body()).contains("\"accepted\":1", "alerts[0]: no alertname label");
        byte[] huge = new byte[5 * 1024 * 1024];
        HttpResponse<String> tooLarge = http.send(
                TestApi.request(api("/api/alertmanager/webhook"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(getJson("/api/alerts").has("alerts")).isTrue();
    }

    @Test
    void alertsBecomeIncidentsThatPeopleMoveThroughTheirLifecycle() throws Exception {
        String city = "it-city-" + System.nanoTime();
        String other = city + "-b";
        // a service of this test only: incidents of other tests (pricing-service alerts) are no nearer than its twin
        String service = city + "-pricing";
        String payload = """
                {"version":"4","status":"firing","receiver":"outrider","alerts":[
                 {"status":"firing","labels":{"alertname":"Errors","service":"%4$s","city":"%1$s","symptom":"errors","severity":"critical"},"startsAt":"%3$s"},
                 {"status":"firing","labels":{"alertname":"Latency","service":"%4$s","city":"%1$s","symptom":"latency","severity":"warning"},"startsAt":"%3$s"},
                 {"status":"firing","labels":{"alertname":"Errors","service":"%4$s","city":"%2$s","symptom":"errors","severity":"critical"},"startsAt":"%3$s"}]}
                """.formatted(city, other, Instant.now(), service);
        HttpResponse<String> posted = send("POST", api("/api/alertmanager/webhook"), payload, "application/json");
        assertThat(posted.body()).contains("\"accepted\":3");
        JsonNode incidents = await(
                "two incidents for the two cities, the first with both its alerts",
                "/api/incidents?status=triggered&size=1000",
                body -> {
                    int found = 0;
                    boolean complete = false;
                    for (JsonNode i : body.get("incidents")) {
                        if (i.get("unit").asString().startsWith(city)) found++;
                        if (i.get("unit").asString().equals(city)
                                && i.get("alerts").size() == 2) complete = true;
                    }
                    return found == 2 && complete;
                });
        JsonNode mine = null;
        for (JsonNode i : incidents.get("incidents"))
            if (i.get("unit").asString().equals(city)) mine = i;
        assertThat(mine).isNotNull();
        assertThat(mine.get("alerts").size()).isEqualTo(2);
        assertThat(mine.get("severity").asString()).isEqualTo("critical");
        assertThat(mine.get("services").toString()).contains(service);
        String id = mine.get("id").asString();
        assertThat(mine.get("timeline").toString()).contains("learned/");

        // on-call splits the latency alert off: a new incident, and a label the correlator retrains on
        String latency = null;
        for (var e : mine.get("alerts").properties())
            if (e.getValue().get("labels").get("alertname").asString().equals("Latency")) latency = e.getKey();
        assertThat(latency).isNotNull();
        assertThat(send("POST", api("/api/incidents/" + id + "/split?alerts=&by=bob"), "", "text/plain")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> split =
                send("POST", api("/api/incidents/" + id + "/split?alerts=" + latency + "&by=bob"), "", "text/plain");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        JsonNode created = JSON.readTree(split.body());
        assertThat(created.get("alerts").has(latency)).isTrue();
        assertThat(getJson("/api/incidents/" + id).get("alerts").size()).isEqualTo(1);
        JsonNode correlator = getJson("/api/correlator");
        assertThat(correlator.get("correlator").asString()).isEqualTo("learned");
        assertThat(correlator.get("feedbackPairs").asInt()).isPositive();
        assertThat(correlator.get("model").get("version").asInt()).isGreaterThan(1);
        assertThat(correlator.get("model").get("tribuoProvenance").asString()).contains("LinearSGDTrainer");

        HttpResponse<String> acked =
                send("POST", api("/api/incidents/" + id + "/status?to=acknowledged&by=alice"), "", "text/plain");
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(getJson("/api/incidents/" + id).get("status").asString()).isEqualTo("acknowledged");
        assertThat(getJson("/api/incidents?status=acknowledged&size=1000").toString())
                .contains(id);
        // acknowledging made the token's user the owner; notes, snooze and assignment through the API
        assertThat(getJson("/api/incidents/" + id).get("assignee").asString()).isEqualTo("integration-test");
        assertThat(send("POST", api("/api/incidents/" + id + "/notes"), "db failover running", "text/plain")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> snoozed = send("POST", api("/api/incidents/" + id + "/snooze?for=PT1H"), "", "text/plain");
        assertThat(snoozed.statusCode()).as(snoozed.body()).isEqualTo(200);
        assertThat(snoozed.body()).contains("snoozedUntil");
        assertThat(send("POST", api("/api/incidents/" + id + "/snooze?for=P30D"), "", "text/plain")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", api("/api/incidents/" + id + "/assign?to="), "", "text/plain")
                        .statusCode())
                .isEqualTo(400);
        JsonNode assigned = JSON.readTree(send("POST", api("/api/incidents/" + id + "/assign?to=bob"), "", "text/plain")
                .body());
        assertThat(assigned.get("assignee").asString()).isEqualTo("bob");
        assertThat(assigned.has("snoozedUntil"))
                .as("reassigning ends the snooze")
                .isFalse();
        assertThat(assigned.get("timeline").toString())
                .contains("integration-test: db failover running", "assigned to bob by integration-test");
        assertThat(send("POST", api("/api/incidents/" + id + "/status?to=sleeping&by=alice"), "", "text/plain")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", api("/api/incidents/nope/status?to=resolved&by=alice"), "", "text/plain")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("POST", api("/api/incidents/" + id + "/status?to=resolved&by=alice"), "", "text/plain")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> again =
                send("POST", api("/api/incidents/" + id + "/status?to=mitigated&by=alice"), "", "text/plain");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("is resolved and cannot become mitigated");
        // the same fault in the other city is the most similar incident
        JsonNode similar = getJson("/api/incidents/" + id + "/similar?k=3").get("similar");
        assertThat(similar.get(0).get("unit").asString()).isEqualTo(other);
        assertThat(similar.get(0).get("similarity").asDouble()).isGreaterThan(0.5);
    }

    /**
     * One minute of traffic over OTLP: {@code front} serves requests by calling {@code db}, which takes
     * {@code dbMillis}; spans carry the minute's timestamps, however long ago it was.
     */
    private void minuteOfTraffic(String front, String db, Instant minute, long dbMillis) throws Exception {
        StringBuilder frontSpans = new StringBuilder();
        StringBuilder dbSpans = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            long start = minute.plusSeconds(5 + 9L * i).toEpochMilli() * 1_000_000L;
            long took = (dbMillis + i % 3) * 1_000_000L;
            String trace = "%032x".formatted(minute.toEpochMilli() * 10 + i);
            String sep = i == 0 ? "" : ",";
            frontSpans.append(sep).append("""
                    {"traceId":"%1$s","spanId":"00000000000000a1","name":"GET /quote","kind":2,
                     "attributes":[{"key":"http.route","value":{"stringValue":"/quote"}}],"status":{"code":1},
                     "startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d"},
                    {"traceId":"%1$s","spanId":"00000000000000a2","parentSpanId":"00000000000000a1","name":"query",
                     "kind":3,"attributes":[{"key":"peer.service","value":{"stringValue":"%4$s"}}],
                     "status":{"code":1},"startTimeUnixNano":"%5$d","endTimeUnixNano":"%6$d"}""".formatted(
                            trace, start, start + took + 2_000_000, db, start + 1_000_000, start + 1_000_000 + took));
            dbSpans.append(sep).append("""
                    {"traceId":"%1$s","spanId":"00000000000000b1","parentSpanId":"00000000000000a2","name":"query",
                     "kind":2,"status":{"code":1},"startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d"}""".formatted(trace, start + 1_000_000, start + 1_000_000 + took));
        }
        String body = """
                {"resourceSpans":[
                 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},"scopeSpans":[{"spans":[%s]}]},
                 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},"scopeSpans":[{"spans":[%s]}]}]}
                """.formatted(front, frontSpans, db, dbSpans);
        HttpResponse<String> response =
                send("POST", "http://127.0.0.1:" + otlp.port() + "/v1/traces", body, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aLiveIncidentNamesItsRootCauseFromTheReportsWithEvidence() throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String front = "rc-front-" + suffix;
        String db = "rc-db-" + suffix;
        String city = "rc-city-" + suffix;
        Instant thisMinute = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant fault = thisMinute.minus(Duration.ofMinutes(4));
        // 20 healthy minutes, then db gets slow: front, which only waits for it, is slow too
        for (Instant m = fault.minus(Duration.ofMinutes(20)); m.isBefore(thisMinute); m = m.plus(Duration.ofMinutes(1)))
            minuteOfTraffic(front, db, m, m.isBefore(fault) ? 5 : 300);
        // only front alerts (its users see the latency); db fires nothing
        String payload = """
                {"version":"4","status":"firing","receiver":"outrider","alerts":[
                 {"status":"firing","labels":{"alertname":"Latency","service":"%s","city":"%s","symptom":"latency","severity":"warning"},"startsAt":"%s"}]}
                """.formatted(front, city, fault.plusSeconds(60));
        assertThat(send("POST", api("/api/alertmanager/webhook"), payload, "application/json")
                        .body())
                .contains("\"accepted\":1");
        JsonNode incidents = await(
                "the incident's root cause ranked on the reports (db first)",
                "/api/incidents?status=triggered&size=1000",
                body -> {
                    for (JsonNode i : body.get("incidents"))
                        if (i.get("unit").asString().equals(city)
                                && i.path("rootCause").path("top").asString("").equals(db)) return true;
                    return false;
                });
        JsonNode mine = null;
        for (JsonNode i : incidents.get("incidents"))
            if (i.get("unit").asString().equals(city)) mine = i;
        assertThat(mine).isNotNull();
        JsonNode top = mine.get("rootCause").get("ranking").get(0);
        assertThat(top.get("service").asString()).isEqualTo(db);
        JsonNode evidence = top.get("evidence").get(0);
        assertThat(evidence.get("series").asString()).startsWith(db + "_lat_99");
        assertThat(evidence.get("observed").asDouble()).isGreaterThan(250);
        assertThat(evidence.get("baseline").asDouble()).isLessThan(20);
        assertThat(Instant.parse(evidence.get("since").asString())).isEqualTo(fault);
        assertThat(mine.get("rootCause").get("ranking").get(1).get("service").asString())
                .isEqualTo(front);
        // its business impact is measured with each ranking (no business metrics in this test: no KPI moved)
        assertThat(mine.path("impact").path("kpis").isArray()).isTrue();
        // the timeline says when the most likely service was named (it may have named front first, before the
        // call graph with db was read)
        assertThat(mine.get("timeline").toString()).containsPattern("root cause (now )?" + db + ": " + db + "_lat_99");
    }

    private void awaitUp(String url) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(TestApi.request(url).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Alertmanager did not start: " + url);
    }
}
