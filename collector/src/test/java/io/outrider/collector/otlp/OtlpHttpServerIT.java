package io.outrider.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.outrider.collector.ingest.IngestCounters;
import io.outrider.collector.ingest.MemorySink;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver against the real OpenTelemetry Java SDK exporters, and against bad and unwelcome requests. */
class OtlpHttpServerIT {

    private final MemorySink sink = new MemorySink();
    private final IngestCounters counters = IngestCounters.unregistered();
    private OtlpHttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = OtlpHttpServer.start(OtlpHttpServer.Settings.loopback(0), sink, counters);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static Resource service(String name) {
        return Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), name)));
    }

    @Test
    void tracesFromTheSdkExporterArriveAsNestedTreesWithCrossServiceCalls() {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(url("/v1/traces"))
                .setCompression("gzip")
                .build();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(service("order"))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            Tracer tracer = provider.get("outrider-test");
            Span request = tracer.spanBuilder("POST /orders")
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "POST")
                    .setAttribute("http.route", "/orders")
                    .startSpan();
            try (Scope ignored = request.makeCurrent()) {
                Span call = tracer.spanBuilder("POST /dispatch")
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute("peer.service", "dispatch")
                        .startSpan();
                call.recordException(new IllegalStateException("no rider"));
                call.setStatus(StatusCode.ERROR);
                call.end();
                request.addEvent("order.accepted");
            }
            request.end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                    .isTrue();

            // the SimpleSpanProcessor exports each span on its end, so the call comes alone, as a tree of its own
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.trees.size() == 2);
            MessageTree callTree = sink.trees.stream()
                    .filter(t -> t.root().type().equals("Call"))
                    .findFirst()
                    .orElseThrow();
            MessageTree requestTree = sink.trees.stream()
                    .filter(t -> t.root().type().equals("URL"))
                    .findFirst()
                    .orElseThrow();
            String traceId = request.getSpanContext().getTraceId();
            assertThat(requestTree.traceId()).isEqualTo(traceId);
            assertThat(callTree.traceId()).isEqualTo(traceId);
            assertThat(callTree.parentMessageId()).isEqualTo(requestTree.messageId());
            assertThat(requestTree.domain()).isEqualTo("order");
            assertThat(requestTree.root().type()).isEqualTo("URL");
            assertThat(requestTree.root().name()).isEqualTo("/orders");
            assertThat(requestTree.root().children()).extracting(Message::name).contains("order.accepted");
            Message callRoot = callTree.root();
            assertThat(callRoot.type()).isEqualTo("Call");
            assertThat(callRoot.status()).isEqualTo("java.lang.IllegalStateException");
            assertThat(callRoot.children())
                    .extracting(m -> m.type() + ":" + m.name())
                    .contains("Call.app:dispatch", "Error:java.lang.IllegalStateException");
            assertThat(counters.trees("otlp", "order")).isEqualTo(2);
        }
    }

    @Test
    void aCallBetweenTwoSdkServicesWhoseClientSpanNamesNoPeerIsLinkedByItsParentChildRelation() {
        try (SdkTracerProvider order = provider("order");
                SdkTracerProvider dispatch = provider("dispatch")) {
            Span call = order.get("t")
                    .spanBuilder("POST")
                    .setSpanKind(SpanKind.CLIENT)
                    .startSpan();
            Span served = dispatch.get("t")
                    .spanBuilder("assign")
                    .setSpanKind(SpanKind.SERVER)
                    .setParent(io.opentelemetry.context.Context.root().with(call))
                    .startSpan();
            served.end();
            assertThat(dispatch.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
            call.end();
            assertThat(order.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
        }
        MessageTree caller = sink.trees.stream()
                .filter(t -> t.domain().equals("order"))
                .findFirst()
                .orElseThrow();
        MessageTree callee = sink.trees.stream()
                .filter(t -> t.domain().equals("dispatch"))
                .findFirst()
                .orElseThrow();
        assertThat(callee.parentMessageId()).isEqualTo(caller.messageId());
        // the callee's span ended (and was sent) first, so the caller's Call names it
        assertThat(caller.root().children())
                .extracting(m -> m.type() + ":" + m.name())
                .containsExactly("Call.app:dispatch");
        assertThat(callee.root().children()).isEmpty();
    }

    private SdkTracerProvider provider(String service) {
        return SdkTracerProvider.builder()
                .setResource(service(service))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(url("/v1/traces"))
                        .build()))
                .build();
    }

    @Test
    void metricsFromTheSdkExporterArriveAsPoints() {
        OtlpHttpMetricExporter exporter =
                OtlpHttpMetricExporter.builder().setEndpoint(url("/v1/metrics")).build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(service("dispatch"))
                .registerMetricReader(PeriodicMetricReader.builder(exporter)
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build()) {
            Meter meter = provider.get("outrider-test");
            meter.counterBuilder("orders.assigned")
                    .build()
                    .add(7, Attributes.of(AttributeKey.stringKey("city"), "shanghai"));
            meter.histogramBuilder("dispatch.latency").setUnit("ms").build().record(12.5);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
        }

        assertThat(sink.points)
                .anyMatch(p -> p.name().equals("orders_assigned")
                        && p.value() == 7
                        && p.labels().get("city").equals("shanghai")
                        && p.labels().get("service").equals("dispatch"));
        assertThat(sink.points)
                .extracting(MetricPoint::name)
                .contains("dispatch_latency_count", "dispatch_latency_sum", "dispatch_latency_bucket");
    }

    @Test
    void theExporterRetriesThrough503WhileKafkaIsDownAndNothingIsLost() throws Exception {
        sink.unavailable = true;
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(url("/v1/traces"))
                .setRetryPolicy(RetryPolicy.builder()
                        .setMaxAttempts(5)
                        .setInitialBackoff(Duration.ofMillis(300))
                        .build())
                .build();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(service("pricing"))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            provider.get("t").spanBuilder("quote").startSpan().end();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.answers().getOrDefault(503, 0L) > 0);
            assertThat(sink.trees).isEmpty();
            sink.unavailable = false;
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
        }
        assertThat(sink.trees).extracting(t -> t.root().name()).containsExactly("quote");
    }

    @Test
    void overloadAnswers429Or503WithRetryAfter() throws Exception {
        sink.congested = true;
        HttpResponse<String> busy = post("/v1/traces", "application/json", "{}".getBytes(), null);
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).contains("1");
        sink.congested = false;
        sink.unavailable = true;
        HttpResponse<String> down = post("/v1/metrics", "application/json", "{}".getBytes(), null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).contains("5");
        assertThat(down.body()).contains("Kafka is unavailable");
    }

    @Test
    void badRequestsGetAClearErrorAreDeadLetteredAndTheServerKeepsServing() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xff;
        HttpResponse<String> random = post("/v1/traces", "application/x-protobuf", garbage, null);
        assertThat(random.statusCode()).isEqualTo(400);
        assertThat(random.body()).contains("not a valid ExportTraceServiceRequest");

        HttpResponse<String> json = post("/v1/traces", "application/json", "{\"resourceSpans\":".getBytes(), null);
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("\"code\":3").contains("not valid JSON");

        HttpResponse<String> type = post("/v1/traces", "text/plain", "hello".getBytes(), null);
        assertThat(type.statusCode()).isEqualTo(415);

        HttpResponse<String> notGzip = post("/v1/traces", "application/json", "{}".getBytes(), "gzip");
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(notGzip.body()).contains("not valid gzip");

        HttpResponse<String> bomb = post("/v1/traces", "application/json", gzip(new byte[64 << 20]), "gzip");
        assertThat(bomb.statusCode()).isEqualTo(413);

        HttpResponse<String> wrongPath = post("/v1/logs", "application/json", "{}".getBytes(), null);
        assertThat(wrongPath.statusCode()).isEqualTo(404);

        assertThat(sink.deadLetters)
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(d -> d.source().equals("otlp"));

        String good = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"eta"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"1111111111111111",
                 "name":"predict","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000003000000"},
                 {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"2222222222222222","name":"bad",
                 "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1"}]}]}]}
                """;
        HttpResponse<String> partial =
                post("/v1/traces", "application/json", good.getBytes(StandardCharsets.UTF_8), null);
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.body()).contains("\"rejectedSpans\":\"1\"").contains("ends before it starts");
        assertThat(sink.trees).extracting(t -> t.root().name()).containsExactly("predict");
    }

    @Test
    void aConfiguredBearerTokenIsRequired() throws Exception {
        server.close();
        server = OtlpHttpServer.start(
                new OtlpHttpServer.Settings(java.net.InetAddress.getLoopbackAddress(), 0, 1 << 20, "s3cret"),
                sink,
                counters);
        assertThat(post("/v1/metrics", "application/json", "{}".getBytes(), null)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> allowed = http.send(
                HttpRequest.newBuilder(URI.create(url("/v1/metrics")))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer s3cret")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) request.header("Content-Encoding", encoding);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
