package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.codec.Nt1Decoder;
import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.collector.cat.server.CatClientDriver;
import io.outrider.collector.cat.server.CatTcpServer;
import io.outrider.collector.elasticsearch.SpanIndexWriter;
import io.outrider.collector.otlp.OtlpHttpServer;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.metric.MetricPointJson;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.infra.elasticsearch.ElasticsearchConnection;
import io.outrider.infra.kafka.KafkaClientSettings;
import io.outrider.infra.kafka.OutriderTopics;
import io.outrider.infra.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Ingest through the whole server: the real CAT client, pointed at the server's router, and OTLP/HTTP requests land
 * normalized on Kafka and in Elasticsearch.
 */
@ExtendWith(SharedInfrastructure.class)
// closed after the class, while the shared Kafka and Elasticsearch still run (not at JVM exit, after them)
@DirtiesContext
@SpringBootTest(classes = OutriderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatIngestIT {

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        TestApi.sharedInfrastructure(registry, "cat-ingest-it-home");
        registry.add("outrider.collector.prometheus.interval", () -> "1s");
        registry.add("outrider.collector.prometheus.targets[0].job", () -> "shop");
        registry.add("outrider.collector.prometheus.targets[0].url", () -> EXPORTER.url());
        registry.add("outrider.collector.prometheus.targets[0].labels.service", () -> "shop-service");
    }

    /** A Prometheus endpoint for the scraper. */
    private static final Exporter EXPORTER = new Exporter();

    private static final class Exporter {
        private final com.sun.net.httpserver.HttpServer server;

        Exporter() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/metrics", exchange -> {
                byte[] body = "# TYPE shop_orders_total counter\nshop_orders_total{city=\"sh\"} 5\n".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
        }
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    CatTcpServer cat;

    @Autowired
    io.outrider.dedup.rca.SeriesSource series;

    @Autowired
    KafkaClientSettings kafka;

    @Autowired
    OtlpHttpServer otlp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                TestApi.request("http://127.0.0.1:" + httpPort + path).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Autowired
    ElasticsearchConnection elasticsearch;

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitSpanDocument(String messageId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            var hits = elasticsearch
                    .client()
                    .search(
                            s -> s.index("outrider-spans-*")
                                    .query(q -> q.term(t -> t.field("messageId").value(messageId))),
                            Map.class)
                    .hits()
                    .hits();
            if (!hits.isEmpty()) {
                assertThat(hits).hasSize(1);
                assertThat(hits.getFirst().id()).isEqualTo(messageId);
                return (Map<String, Object>) hits.getFirst().source();
            }
            Thread.sleep(300);
        }
        throw new AssertionError("span " + messageId + " not in Elasticsearch within 30 s");
    }

    @Autowired
    org.apache.kafka.clients.admin.Admin admin;

    @Test
    void aReplayedRecordIsIndexedOnce() throws Exception {
        MessageTree tree = new MessageTree(
                "replay-app",
                "h",
                "127.0.0.1",
                "main",
                "1",
                "main",
                "replay-app-7f000001-1-" + System.nanoTime(),
                null,
                null,
                Message.leaf(MessageKind.EVENT, System.currentTimeMillis(), "Order", "Created", "0", "k=v"));
        org.apache.kafka.clients.producer.RecordMetadata second;
        try (var producer =
                new KafkaProducer<>(kafka.producer("replay-it"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(OutriderTopics.SPANS, tree.domain(), Nt1Encoder.encode(tree)))
                    .get();
            second = producer.send(new ProducerRecord<>(OutriderTopics.SPANS, tree.domain(), Nt1Encoder.encode(tree)))
                    .get();
        }

        // whichever writer of the group took them (another test's server may share the group), both are committed
        var partition = new org.apache.kafka.common.TopicPartition(second.topic(), second.partition());
        Instant deadline = Instant.now().plusSeconds(30);
        long committed = -1;
        while (committed <= second.offset() && Instant.now().isBefore(deadline)) {
            var offset = admin.listConsumerGroupOffsets(SpanIndexWriter.GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
            committed = offset == null ? -1 : offset.offset();
            Thread.sleep(200);
        }
        assertThat(committed).as("offset committed by the span writers").isGreaterThan(second.offset());
        elasticsearch.client().indices().refresh(r -> r.index("outrider-spans-*"));
        long count = elasticsearch
                .client()
                .count(c -> c.index("outrider-spans-*")
                        .query(q -> q.term(t -> t.field("messageId").value(tree.messageId()))))
                .count();
        assertThat(count).isEqualTo(1);
    }

    @Test
    void theRouterSendsClientsToThisListener() throws Exception {
        JsonNode json = JsonMapper.builder()
                .build()
                .readTree(get("/cat/s/router?domain=order-service&ip=127.0.0.1&op=json")
                        .body());

        // every live instance sharing this Elasticsearch (other tests' servers too), this one among them
        assertThat(json.at("/kvs/routers").asString()).contains("127.0.0.1:" + cat.port() + ";");
        assertThat(json.at("/kvs").propertyNames().iterator().next()).isEqualTo("routers");
        assertThat(json.at("/kvs/block").asString()).isEqualTo("false");
        assertThat(json.at("/kvs/sample").asString()).isEqualTo("1.0");
        assertThat(get("/cat/s/router?op=xml").body())
                .containsPattern("<property id=\"routers\" value=\"[^\"]*127.0.0.1:" + cat.port() + ";");
        assertThat(get("/cat/s/router?op=yaml").statusCode()).isEqualTo(400);
    }

    @Test
    void aRealClientsRequestTreeLandsOnKafkaNormalized() throws Exception {
        Path catHome = Files.createDirectories(SharedInfrastructure.testHome().resolve("cat-ingest-it-client"));
        Process client = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-DCAT_HOME=" + catHome + "/",
                        "-Dhost.ip=127.0.0.1",
                        "-Dio.netty.noUnsafe=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CatClientDriver.class.getName(),
                        Integer.toString(cat.port()),
                        Integer.toString(httpPort))
                .redirectErrorStream(true)
                .redirectOutput(catHome.resolve("driver.log").toFile())
                .start();
        MessageTree found = null;
        try (var consumer = new KafkaConsumer<>(
                kafka.consumer("cat-ingest-it"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(OutriderTopics.SPANS));
            Instant deadline = Instant.now().plusSeconds(40);
            Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
            while (found == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    MessageTree tree = decoder.decode(ByteBuffer.wrap(record.value()));
                    assertThat(record.key()).isEqualTo(tree.domain());
                    if (tree.domain().equals("driver-app") && tree.root().type().equals("URL")) found = tree;
                }
            }
        } finally {
            client.destroyForcibly();
        }

        assertThat(found)
                .as(
                        "a URL tree from the real CAT client on %s; client log: %s",
                        OutriderTopics.SPANS, catHome.resolve("driver.log"))
                .isNotNull();
        assertThat(found.root().name()).isEqualTo("/api/orders/{num}");
        assertThat(found.root().children()).anyMatch(m -> m.type().equals("SQL"));

        String messageId = found.messageId();
        Map<String, Object> doc = awaitSpanDocument(messageId);
        assertThat(doc)
                .containsEntry("domain", "driver-app")
                .containsEntry("name", "/api/orders/{num}")
                .containsEntry("hasError", true);
        assertThat(doc.get("tree").toString()).contains("OrderMapper.select").contains("sql=select 1");
        assertThat(get("/actuator/prometheus").body())
                .contains("outrider_collector_cat_frames_total")
                .contains("outrider_collector_published_trees_total")
                .contains("outrider_collector_span_writer_lag");
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(get("/actuator/health").body())
                        .at("/components/collector/status")
                        .asString())
                .isEqualTo("UP");
    }

    @Test
    void anOtlpSpanAndMetricGoThroughKafkaAndTheSpanIntoElasticsearch() throws Exception {
        String traceId = "%032x".formatted(System.nanoTime());
        long start = System.currentTimeMillis() * 1_000_000L;
        String spans = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-app"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"00000000000000a1","name":"GET /quote","kind":2,
                 "attributes":[{"key":"http.route","value":{"stringValue":"/quote"}}],
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """.formatted(traceId, start, start + 4_000_000);
        String metrics = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-app"}}]},
                 "scopeMetrics":[{"metrics":[{"name":"quotes.served","sum":{"isMonotonic":true,"aggregationTemporality":2,
                 "dataPoints":[{"asInt":"41","timeUnixNano":"%d"}]}}]}]}]}
                """.formatted(start);

        assertThat(postOtlp("/v1/traces", spans).statusCode()).isEqualTo(200);
        assertThat(postOtlp("/v1/metrics", metrics).statusCode()).isEqualTo(200);

        Map<String, Object> doc = awaitSpanDocument(traceId + "-00000000000000a1");
        assertThat(doc)
                .containsEntry("domain", "otlp-app")
                .containsEntry("type", "URL")
                .containsEntry("name", "/quote")
                .containsEntry("traceId", traceId);
        MetricPoint found = null;
        try (var consumer = new KafkaConsumer<>(
                kafka.consumer("otlp-ingest-it"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(OutriderTopics.METRICS));
            Instant deadline = Instant.now().plusSeconds(30);
            while (found == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    MetricPoint point = MetricPointJson.decode(record.value());
                    if (point.name().equals("quotes_served")) {
                        assertThat(record.key()).isEqualTo("otlp-app");
                        found = point;
                    }
                }
            }
        }
        assertThat(found).isNotNull();
        assertThat(found.value()).isEqualTo(41);
        assertThat(get("/actuator/prometheus").body())
                .containsPattern(
                        "outrider_collector_received_trees_total\\{[^}]*domain=\"otlp-app\",source=\"otlp\"} 1.0")
                .containsPattern(
                        "outrider_collector_received_points_total\\{[^}]*domain=\"otlp-app\",source=\"otlp\"} 1.0");
    }

    /** Posts as an exporter does: retrying while told to (429/503 with Retry-After). */
    private HttpResponse<String> postOtlp(String path, String json) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp.port() + path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if ((response.statusCode() != 429 && response.statusCode() != 503) || attempt == 10) return response;
            Thread.sleep(1000L
                    * Integer.parseInt(
                            response.headers().firstValue("Retry-After").orElse("1")));
        }
    }

    @Test
    void configuredPrometheusTargetsAreScrapedOntoKafkaWithTheirHealthShown() throws Exception {
        MetricPoint found = null;
        try (var consumer = new KafkaConsumer<>(
                kafka.consumer("scrape-ingest-it"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(OutriderTopics.METRICS));
            Instant deadline = Instant.now().plusSeconds(30);
            while (found == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    MetricPoint point = MetricPointJson.decode(record.value());
                    if (point.name().equals("shop_orders_total")) {
                        assertThat(record.key()).isEqualTo("shop-service");
                        found = point;
                    }
                }
            }
        }
        assertThat(found).isNotNull();
        assertThat(found.labels()).containsEntry("city", "sh").containsEntry("job", "shop");
        JsonNode targets = JsonMapper.builder()
                .build()
                .readTree(get("/api/collector/scrape-targets").body());
        assertThat(targets.at("/0/health").asString()).isEqualTo("up");
        assertThat(targets.at("/0/job").asString()).isEqualTo("shop");
        assertThat(get("/actuator/prometheus").body())
                .containsPattern("outrider_collector_scrape_target_up\\{[^}]*job=\"shop\"[^}]*} 1.0");
    }

    @Test
    void whatEachDomainSendsIsCountedPerDomain() throws Exception {
        MessageTree tree = new MessageTree(
                "counted-app",
                "h",
                "127.0.0.1",
                "main",
                "1",
                "main",
                "counted-app-7f000001-1-" + System.nanoTime(),
                null,
                null,
                Message.transaction(System.currentTimeMillis(), "URL", "/count", "0", "", 10, List.of()));
        byte[] frame = Nt1Encoder.encode(tree);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", cat.port());
                java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream())) {
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
            Instant deadline = Instant.now().plusSeconds(10);
            String pattern =
                    "outrider_collector_received_trees_total\\{[^}]*domain=\"counted-app\",source=\"cat\"} 1.0";
            while (!java.util.regex.Pattern.compile(pattern)
                            .matcher(get("/actuator/prometheus").body())
                            .find()
                    && Instant.now().isBefore(deadline)) Thread.sleep(200);
            assertThat(get("/actuator/prometheus").body())
                    .containsPattern(pattern)
                    .containsPattern(
                            "outrider_collector_received_bytes_total\\{[^}]*domain=\"counted-app\",source=\"cat\"} "
                                    + (frame.length + 4) + ".0");
        }
    }

    @Test
    void aRequestAcrossTwoServicesIsRebuiltFromItsStoredTrees() throws Exception {
        long now = System.currentTimeMillis();
        String callerId = "trace-caller-7f000001-1-" + System.nanoTime();
        String calleeId = "trace-callee-7f000001-1-" + System.nanoTime();
        MessageTree caller = new MessageTree(
                "trace-caller",
                "h",
                "127.0.0.1",
                "main",
                "1",
                "main",
                callerId,
                null,
                null,
                Message.transaction(
                        now,
                        "URL",
                        "/orders",
                        "0",
                        "",
                        5_000,
                        List.of(Message.transaction(
                                now + 1,
                                "Call",
                                "callee:/assign",
                                "0",
                                "",
                                3_000,
                                List.of(
                                        Message.leaf(MessageKind.EVENT, now + 1, "Call.app", "trace-callee", "0", ""),
                                        Message.leaf(MessageKind.EVENT, now + 1, "RemoteCall", "", "0", calleeId))))));
        MessageTree callee = new MessageTree(
                "trace-callee",
                "h",
                "127.0.0.1",
                "main",
                "1",
                "main",
                calleeId,
                callerId,
                callerId,
                Message.transaction(now + 2, "Service", "/assign", "0", "", 2_000, List.of()));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", cat.port());
                java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream())) {
            for (MessageTree tree : List.of(callee, caller)) {
                byte[] frame = Nt1Encoder.encode(tree);
                out.writeInt(frame.length);
                out.write(frame);
            }
            out.flush();
        }

        JsonNode trace = null;
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/api/traces/" + callerId);
            if (response.statusCode() == 200) {
                trace = JsonMapper.builder().build().readTree(response.body());
                if (trace.path("trees").asInt() == 2) break;
            }
            Thread.sleep(300);
        }
        assertThat(trace).isNotNull();
        assertThat(trace.path("trees").asInt()).isEqualTo(2);
        assertThat(trace.at("/roots/0/messageId").asString()).isEqualTo(callerId);
        assertThat(trace.at("/roots/0/tree/children/0/children/1/linked/messageId")
                        .asString())
                .isEqualTo(calleeId);
        assertThat(trace.at("/services").toString()).contains("trace-caller", "trace-callee");
        assertThat(get("/api/messages/" + calleeId + "/trace").body()).contains(callerId);
        assertThat(get("/api/traces/no-such-trace").statusCode()).isEqualTo(404);
    }

    @Test
    void theLogisticsCoreShowsAsAGraphReportsAndTracesAcrossItsServices() throws Exception {
        Path workDir = SharedInfrastructure.testHome().resolve("cat-ingest-it-logistics");
        Files.createDirectories(workDir);
        Path log = workDir.resolve("group.log");
        int base = LogisticsProcessIT.freeBasePort();
        Process group = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target", "outrider-server.jar")
                                .toAbsolutePath()
                                .toString(),
                        "logistics",
                        "--base-port=" + base,
                        "--rate=20",
                        "--cat-servers=127.0.0.1:" + cat.port() + ":" + httpPort,
                        "--work-dir=" + workDir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String since = Instant.now().minusSeconds(120).toString();
            JsonNode graph = null;
            Instant deadline = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(deadline)) {
                assertThat(group.isAlive())
                        .as("logistics group running; see %s", log)
                        .isTrue();
                HttpResponse<String> response = get("/api/topology?from=" + since);
                if (response.statusCode() == 200) {
                    graph = JsonMapper.builder().build().readTree(response.body());
                    String edges = graph.path("edges").toString();
                    if (edges.contains("\"caller\":\"order-service\",\"callee\":\"pricing-service\"")
                            && edges.contains("\"caller\":\"dispatch-service\",\"callee\":\"rider-service\"")
                            && edges.contains("\"caller\":\"dispatch-service\",\"callee\":\"eta-service\"")) break;
                }
                Thread.sleep(1000);
            }
            assertThat(graph)
                    .as("topology from the logistics core; group log %s", log)
                    .isNotNull();
            assertThat(graph.path("services").toString())
                    .contains("order-service", "dispatch-service", "rider-service", "eta-service", "pricing-service");
            JsonNode orderToPricing = null;
            for (JsonNode edge : graph.path("edges"))
                if (edge.path("caller").asString().equals("order-service")
                        && edge.path("callee").asString().equals("pricing-service")) orderToPricing = edge;
            assertThat(orderToPricing).isNotNull();
            assertThat(orderToPricing.path("calls").asLong()).isPositive();
            assertThat(orderToPricing.path("p99Ms").asDouble())
                    .isGreaterThanOrEqualTo(orderToPricing.path("p50Ms").asDouble());
            JsonNode downstream = JsonMapper.builder()
                    .build()
                    .readTree(get("/api/topology/services/order-service?from=" + since)
                            .body());
            assertThat(downstream.path("downstream").toString()).contains("pricing-service", "eta-service");

            // the services' CAT heartbeats (about 10 s after start, then every minute) make their instances known
            JsonNode instances = null;
            Instant heartbeatDeadline = Instant.now().plusSeconds(75);
            while (Instant.now().isBefore(heartbeatDeadline)) {
                instances = JsonMapper.builder()
                        .build()
                        .readTree(get("/api/topology/services/order-service?from=" + since)
                                .body())
                        .path("instances");
                if (!instances.isEmpty()) break;
                Thread.sleep(1000);
            }
            assertThat(instances).as("order-service instances from heartbeats").isNotEmpty();
            assertThat(instances.at("/0/up").asBoolean()).isTrue();
            assertThat(instances.at("/0/jvm_threads").asDouble()).isPositive();

            JsonNode transactions = JsonMapper.builder()
                    .build()
                    .readTree(get("/api/reports/order-service/transactions?type=Call&from=" + since)
                            .body());
            assertThat(transactions.path("rows")).isNotEmpty();
            assertThat(transactions.at("/rows/0/count").asLong()).isPositive();

            // one request of order intake, rebuilt across the services it called
            var hits = elasticsearch
                    .client()
                    .search(
                            s -> s.index("outrider-spans-*")
                                    .size(1)
                                    // an order taken from outside: the root of its request (a URL transaction)
                                    .query(q -> q.bool(b -> b.filter(f -> f.term(
                                                    t -> t.field("domain").value("order-service")))
                                            .filter(f ->
                                                    f.term(t -> t.field("type").value("URL")))
                                            .filter(f -> f.term(
                                                    t -> t.field("calls.target").value("pricing-service"))))),
                            Map.class)
                    .hits()
                    .hits();
            assertThat(hits).isNotEmpty();
            String traceId = String.valueOf(hits.getFirst().source().get("traceId"));
            JsonNode trace = null;
            Instant traceDeadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(traceDeadline)) {
                trace = JsonMapper.builder()
                        .build()
                        .readTree(get("/api/traces/" + traceId).body());
                String services = trace.path("services").toString();
                if (services.contains("pricing-service") && services.contains("order-service")) break;
                Thread.sleep(500);
            }
            assertThat(trace.path("services").toString())
                    .as("trace %s of stored tree %s", traceId, hits.getFirst().source())
                    .contains("order-service", "pricing-service");
            assertThat(trace.toString()).contains("\"linked\"");

            // a change through pricing-service's control API is logged as a CAT Change event: root-cause
            // localization reads it from the reports as evidence against pricing-service
            HttpResponse<String> changed = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + (base + 5) + "/control/switches/pricing.surge"))
                                    .header("Authorization", "Bearer outrider-dev-token")
                                    .header("X-Actor", "cat-ingest-it")
                                    .header("Content-Type", "application/json")
                                    .PUT(HttpRequest.BodyPublishers.ofString(
                                            "{\"value\":false,\"ttlSeconds\":60,\"reason\":\"test\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            List<io.outrider.dedup.rca.Change> changes = List.of();
            // an event outside a transaction is "atomic" to the CAT client: it holds such messages up to 30 s to
            // send them merged
            Instant changeDeadline = Instant.now().plusSeconds(75);
            while (Instant.now().isBefore(changeDeadline) && changes.isEmpty()) {
                Thread.sleep(1000);
                changes = series.changes(
                        java.util.Set.of("pricing-service", "order-service"),
                        Instant.parse(since),
                        Instant.now().plusSeconds(60));
            }
            assertThat(changes)
                    .extracting(io.outrider.dedup.rca.Change::service, io.outrider.dedup.rca.Change::what)
                    .contains(org.assertj.core.groups.Tuple.tuple("pricing-service", "switch pricing.surge"));
        } finally {
            group.destroy();
            if (!group.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                group.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                group.destroyForcibly();
            }
        }
    }
}
