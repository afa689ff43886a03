package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.console.security.ApiTokens;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.testing.SharedInfrastructure;
import io.outrider.runbooks.OrderServiceProcess;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two packaged servers on one Kafka and one Elasticsearch, as an operator scales out: they split the partitions of
 * each consumer group, the router spreads CAT clients over both, and when one is killed ({@code SIGKILL}, no
 * goodbye) the other takes its partitions over — every span sent is indexed exactly once, and the alerts of a fault
 * that the dead instance was correlating join its incident instead of opening a second one.
 */
@ExtendWith(SharedInfrastructure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTROL_TOKEN = "scale-out-it-control";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** This run's names: the shared Elasticsearch and Kafka keep what earlier runs wrote. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static Instance a;
    private static Instance b;
    private static Admin admin;
    /** The runbooks' target, and the receiver of their HTTP step (it holds the first call until the test ends). */
    private static OrderServiceProcess order;

    private static HttpServer hook;
    private static final List<String> HOOK_KEYS = new CopyOnWriteArrayList<>();
    private static final CountDownLatch HOOK_CALLED = new CountDownLatch(1);
    private static final CountDownLatch HOOK_RELEASE = new CountDownLatch(1);
    private static Path runbooks;

    /** One server process: its HTTP and CAT ports, its Kafka client id prefix (to tell its consumers apart). */
    private record Instance(String name, Process process, int port, int catPort, Path log) {

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        void kill() throws InterruptedException {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @BeforeAll
    static void startTwoInstances() throws Exception {
        order = OrderServiceProcess.start(CONTROL_TOKEN);
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.setExecutor(Executors.newCachedThreadPool());
        hook.createContext("/hook", exchange -> {
            HOOK_KEYS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            if (HOOK_KEYS.size() == 1) {
                HOOK_CALLED.countDown();
                try {
                    HOOK_RELEASE.await(60, TimeUnit.SECONDS); // the caller dies meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        runbooks = SharedInfrastructure.testHome().resolve("scale-out-runbooks-" + RUN);
        Files.createDirectories(runbooks);
        Files.writeString(runbooks.resolve("throttle-then-call.yml"), """
                id: scale-out-throttle-then-call
                title: Throttle open orders, then call the hook
                trigger: { service: order-service }
                mode: approval
                steps:
                  - { action: flow-rule, service: order, resource: "order:GET:/orders/open", qps: 1 }
                  - { action: http, method: POST, url: "http://127.0.0.1:%d/hook", body: "{}" }
                guardrails: { ttl: 10m }
                """.formatted(
                        hook.getAddress().getPort()));
        admin = Admin.create(
                new KafkaClientSettings(SharedInfrastructure.kafkaBootstrapServers(), "scale-out-it").admin());
        a = start("scale-a");
        b = start("scale-b");
        awaitHealthy(a);
        awaitHealthy(b);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Instance instance : new Instance[] {a, b})
            if (instance != null) {
                instance.process().destroy();
                if (!instance.process().waitFor(60, TimeUnit.SECONDS)) instance.kill();
            }
        if (admin != null) admin.close();
        HOOK_RELEASE.countDown();
        if (hook != null) hook.stop(0);
        if (order != null) order.close();
    }

    private static Instance start(String name) throws IOException {
        Path home = SharedInfrastructure.testHome().resolve("scale-out-" + name);
        Files.createDirectories(home);
        Path log = SharedInfrastructure.testHome().resolve("scale-out-" + name + ".log");
        int port = freePort();
        int catPort = freePort();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m",
                        "-jar",
                        Path.of("target", "outrider-server.jar")
                                .toAbsolutePath()
                                .toString(),
                        "server",
                        "--port=" + port,
                        "--home=" + home,
                        "--outrider.elasticsearch.uris=" + SharedInfrastructure.elasticsearchUri(),
                        "--outrider.kafka.bootstrap-servers=" + SharedInfrastructure.kafkaBootstrapServers(),
                        "--outrider.kafka.client-id-prefix=" + name,
                        "--outrider.collector.cat.port=" + catPort,
                        "--outrider.collector.otlp.port=0",
                        "--outrider.console.api-tokens[0].name=integration-test",
                        "--outrider.console.api-tokens[0].role=admin",
                        "--outrider.console.api-tokens[0].sha256=" + ApiTokens.sha256(TestApi.TOKEN),
                        "--outrider.runbooks.directory=" + runbooks,
                        "--outrider.runbooks.targets.order=" + order.url(),
                        "--outrider.runbooks.token=" + CONTROL_TOKEN,
                        "--outrider.runbooks.auto-trigger=false",
                        "--outrider.runbooks.tick-interval=1s",
                        "--outrider.runbooks.lease=15s", // longer than an http step may take (10 s)
                        "--outrider.runbooks.http-allow-list[0]=http://127.0.0.1:")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Instance(name, process, port, catPort, log);
    }

    @Test
    @Order(1)
    void theInstancesSplitThePartitionsAndTheRouterSpreadsCatClients() throws Exception {
        for (String group : List.of("outrider-span-writer", "outrider-alert-engine", "outrider-correlator"))
            awaitAssignment(group, owners -> owners.keySet().containsAll(Set.of("scale-a", "scale-b")));

        // each instance rereads who is alive with its heartbeat: the one started first learns of the second then
        await(
                "the router lists every live instance",
                () -> routers(a).contains("127.0.0.1:" + a.catPort())
                        && routers(a).contains("127.0.0.1:" + b.catPort()));
        Set<String> firstChoices = new HashSet<>();
        for (int i = 0; i < 20; i++)
            firstChoices.add(
                    get(a.url("/cat/s/router?op=api&domain=app-" + i)).body().split(";")[0]);
        assertThat(firstChoices)
                .as("clients of different domains are sent to different instances first")
                .containsExactlyInAnyOrder("127.0.0.1:" + a.catPort(), "127.0.0.1:" + b.catPort());
    }

    @Test
    @Order(2)
    void aKilledInstanceLosesNoSpanAndSplitsNoIncident() throws Exception {
        // alerts of 12 units, each correlated by whichever instance holds its partition: both hold some
        int partitions = admin.describeTopics(List.of(OutriderTopics.ALERTS))
                .allTopicNames()
                .get()
                .get(OutriderTopics.ALERTS)
                .partitions()
                .size();
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 12; i++) units.add("scale-" + RUN + "-city-" + i);
        Map<String, Set<Integer>> owners =
                awaitAssignment("outrider-correlator", o -> o.keySet().containsAll(Set.of("scale-a", "scale-b")));
        Set<String> unitsOfA = new HashSet<>();
        for (String unit : units) if (owners.get("scale-a").contains(partitionOf(unit, partitions))) unitsOfA.add(unit);
        assertThat(unitsOfA).as("units the instance to be killed correlates").isNotEmpty();
        post(b, alerts(units, "Errors", "errors", "critical"));
        for (String unit : units)
            await(
                    "the first alert of " + unit + " opened its incident",
                    () -> incidentsOf(unit).size() == 1);

        // spans sent steadily to the survivor while the other, which writes half of them, is killed
        int total = 3000;
        AtomicInteger sent = new AtomicInteger();
        Thread sender = Thread.ofPlatform().name("scale-out-sender").start(() -> {
            try (Socket socket = new Socket("127.0.0.1", b.catPort());
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
                for (int i = 0; i < total; i++) {
                    byte[] frame = Nt1Encoder.encode(tree("scale-" + RUN + "-app-" + i % 8, spanId(i)));
                    out.writeInt(frame.length);
                    out.write(frame);
                    sent.incrementAndGet();
                    if (i % 100 == 99) {
                        out.flush();
                        Thread.sleep(100); // ~1,000 spans a second for 3 s
                    }
                }
                out.flush();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1200);
        Instant killed = Instant.now();
        a.kill();
        sender.join(60_000);
        assertThat(sent.get()).isEqualTo(total);

        // the survivor holds every partition, and indexes everything the dead instance had not
        awaitAssignment("outrider-span-writer", o -> o.keySet().equals(Set.of("scale-b")));
        Duration takeover = Duration.between(killed, Instant.now());
        await("all " + total + " spans indexed", () -> spansIndexed() >= total);
        Thread.sleep(3000); // a duplicate still on its way would show now
        assertThat(spansIndexed())
                .as("spans indexed (each once: the message id is the document id)")
                .isEqualTo(total);
        assertThat(spansStoredTwice())
                .as("message ids stored in more than one document")
                .isEmpty();

        // the second alert of each unit joins the incident its first opened, whoever opened it
        awaitAssignment("outrider-correlator", o -> o.keySet().equals(Set.of("scale-b")));
        post(b, alerts(units, "Latency", "latency", "warning"));
        for (String unit : units) {
            try {
                await(
                        "the second alert of " + unit + " in its incident",
                        () -> incidentsOf(unit).stream()
                                .anyMatch(i -> i.get("alerts").size() == 2));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; its incidents: " + incidentsOf(unit), e);
            }
        }
        for (String unit : units)
            assertThat(incidentsOf(unit))
                    .as("incidents of %s (correlated by %s before the kill)", unit, unitsOfA.contains(unit) ? "a" : "b")
                    .hasSize(1);
        System.out.printf(
                "scale-out: %d spans sent, %d indexed, partitions taken over %d ms after the kill%n",
                total, spansIndexed(), takeover.toMillis());

        // the router of the survivor stops sending clients to the dead instance
        await(
                "the dead instance gone from the router",
                () -> !get(b.url("/cat/s/router?op=api&domain=any")).body().contains(":" + a.catPort()));
    }

    @Test
    @Order(3)
    void aRunbookWhoseInstanceDiesInAStepIsFinishedByAnotherAndNoStepActsTwice() throws Exception {
        // the survivor of the kill above runs the runbook alone; it dies while its second step is on the wire
        String target = "order-service-scale-" + RUN;
        HttpResponse<String> proposed = send(
                b,
                "/api/runbooks/scale-out-throttle-then-call/runs",
                "{\"target\":\"" + target + "\",\"by\":\"alice\"}");
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(200);
        String runId = JSON.readTree(proposed.body()).path("id").asString();
        // the approval applies the steps at once: its answer waits on the hook, and never comes (its instance dies)
        HTTP.sendAsync(
                TestApi.request(b.url("/api/runbook-runs/" + runId + "/approve?by=alice"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(HOOK_CALLED.await(60, TimeUnit.SECONDS))
                .as("the run's second step called the hook")
                .isTrue();
        Thread.sleep(3000); // its tick goes on meanwhile (each second) and must leave the step to the call on the wire
        assertThat(HOOK_KEYS).as("calls while the first hangs").hasSize(1);
        b.kill();
        Instant killed = Instant.now();

        // a restarted instance finds the run, waits out the dead one's claim and does the step again, keyed alike
        a = start("scale-a");
        awaitHealthy(a);
        await("the run finished by the restarted instance", () -> {
            String state = JSON.readTree(
                            get(a.url("/api/runbook-runs/" + runId)).body())
                    .at("/run/state")
                    .asString("");
            return state.equals("VERIFYING") || state.equals("SUCCEEDED");
        });
        Duration finished = Duration.between(killed, Instant.now());
        assertThat(HOOK_KEYS)
                .as("the interrupted call and its retry, recognisable as one by their key")
                .containsExactly(runId + "/step-2", runId + "/step-2");
        assertThat(flowChangesBy(runId))
                .as("the first step, done before the crash, is not done again")
                .isEqualTo(1);
        JsonNode audit =
                JSON.readTree(get(a.url("/api/runbook-runs/" + runId)).body()).path("audit");
        List<String> steps = new ArrayList<>();
        for (JsonNode entry : audit)
            if (entry.path("what").asString("").startsWith("step "))
                steps.add(entry.path("what").asString());
        assertThat(steps).as("each step in the run's audit once").hasSize(2).doesNotHaveDuplicates();
        assertThat(order.burst(20)).as("the throttle in force").contains(429);

        HttpResponse<String> reverted = send(a, "/api/runbook-runs/" + runId + "/revert?by=alice&why=test", "");
        assertThat(reverted.statusCode()).as(reverted.body()).isEqualTo(200);
        assertThat(flowChangesBy(runId)).as("the first step and its revert").isEqualTo(2);
        Thread.sleep(1100); // Sentinel's window of the burst above
        assertThat(order.burst(20)).doesNotContain(429);
        System.out.printf(
                "crash mid-runbook: run %s finished %d ms after its instance was killed (restart included); "
                        + "flow rule written once, the interrupted call retried with its key%n",
                runId, finished.toMillis());
    }

    /** Writes of the order-service's flow rules by this run, from the service's own control audit. */
    private static long flowChangesBy(String runId) throws Exception {
        long count = 0;
        for (JsonNode entry : JSON.readTree(order.audit()))
            if (entry.path("target").asString("").equals("flow rules")
                    && entry.path("actor").asString("").startsWith("runbook:" + runId)) count++;
        return count;
    }

    private static String routers(Instance instance) throws Exception {
        return JSON.readTree(get(instance.url("/cat/s/router?domain=order-service&op=json"))
                        .body())
                .at("/kvs/routers")
                .asString();
    }

    // --- what is sent ---------------------------------------------------------------------------------------

    private static String spanId(int i) {
        return "scale-" + RUN + "-" + i;
    }

    private static MessageTree tree(String domain, String id) {
        long now = System.currentTimeMillis();
        return new MessageTree(
                domain,
                "h",
                "127.0.0.1",
                "main",
                "1",
                "main",
                id,
                null,
                null,
                Message.transaction(
                        now,
                        "URL",
                        "/orders",
                        "0",
                        "",
                        1000,
                        List.of(Message.leaf(MessageKind.EVENT, now, "URL.Server", "127.0.0.1", "0", ""))));
    }

    private static String alerts(List<String> units, String name, String symptom, String severity) {
        StringBuilder body = new StringBuilder("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[");
        for (int i = 0; i < units.size(); i++) {
            if (i > 0) body.append(',');
            body.append("""
                    {"status":"firing","labels":{"alertname":"%s","service":"pricing-service","city":"%s",\
                    "symptom":"%s","severity":"%s"},"startsAt":"%s"}""".formatted(name, units.get(i), symptom, severity, Instant.now()));
        }
        return body.append("]}").toString();
    }

    private static HttpResponse<String> send(Instance instance, String path, String body) throws Exception {
        return HTTP.send(
                TestApi.request(instance.url(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void post(Instance instance, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                TestApi.request(instance.url("/api/alertmanager/webhook"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    // --- what is seen ---------------------------------------------------------------------------------------

    /** The consumer group's members by client id prefix ({@code scale-a}), with their partitions. */
    private static Map<String, Set<Integer>> assignment(String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(group);
        Map<String, Set<Integer>> owners = new HashMap<>();
        for (MemberDescription member : description.members()) {
            String owner = member.clientId().startsWith("scale-a")
                    ? "scale-a"
                    : member.clientId().startsWith("scale-b") ? "scale-b" : member.clientId();
            Set<Integer> numbers = owners.computeIfAbsent(owner, k -> new HashSet<>());
            for (TopicPartition partition : member.assignment().topicPartitions()) numbers.add(partition.partition());
        }
        owners.values().removeIf(Set::isEmpty);
        return owners;
    }

    private static Map<String, Set<Integer>> awaitAssignment(String group, Predicate<Map<String, Set<Integer>>> wanted)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        Map<String, Set<Integer>> owners = Map.of();
        while (Instant.now().isBefore(deadline)) {
            owners = assignment(group);
            if (wanted.test(owners)) return owners;
            Thread.sleep(500);
        }
        throw new AssertionError("group " + group + " not assigned as expected within 90 s: " + owners);
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static List<JsonNode> incidentsOf(String unit) throws Exception {
        JsonNode body = JSON.readTree(get(b.url("/api/incidents?size=1000")).body());
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode incident : body.get("incidents"))
            if (incident.get("unit").asString().equals(unit)) found.add(incident);
        return found;
    }

    private static long spansIndexed() throws Exception {
        return elasticsearch(
                        "/outrider-spans-*/_count", "{\"query\":{\"prefix\":{\"messageId\":\"scale-" + RUN + "-\"}}}")
                .get("count")
                .asLong();
    }

    /** Exact, unlike a cardinality aggregation (which may count two ids as one): ids with two or more documents. */
    private static List<String> spansStoredTwice() throws Exception {
        JsonNode buckets = elasticsearch(
                        "/outrider-spans-*/_search",
                        "{\"size\":0,\"query\":{\"prefix\":{\"messageId\":\"scale-" + RUN
                                + "-\"}},\"aggs\":{\"ids\":{\"terms\":{\"field\":\"messageId\","
                                + "\"min_doc_count\":2,\"size\":10}}}}")
                .at("/aggregations/ids/buckets");
        List<String> twice = new ArrayList<>();
        for (JsonNode bucket : buckets) twice.add(bucket.get("key").asString());
        return twice;
    }

    private static JsonNode elasticsearch(String path, String query) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(SharedInfrastructure.elasticsearchUri() + path + "?ignore_unavailable=true"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                TestApi.request(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError(what + ": not within 120 s");
            Thread.sleep(500);
        }
    }

    private static void awaitHealthy(Instance instance) throws Exception {
        Instant deadline = Instant.now().plusSeconds(150);
        while (Instant.now().isBefore(deadline)) {
            assertThat(instance.process().isAlive())
                    .as("%s exited early; see %s", instance.name(), instance.log())
                    .isTrue();
            try {
                HttpResponse<String> health = get(instance.url("/actuator/health"));
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) return;
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(instance.name() + " not healthy within 150 s; see " + instance.log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
