package io.outrider.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpTracesTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void spansOfOneServiceNestIntoOneTreeWithCatTypes() {
        Span server = span("1111111111111111", "", "GET /orders/{id}", Span.SpanKind.SPAN_KIND_SERVER, 0, 50)
                .addAttributes(attr("http.route", "/orders/{id}"))
                .addAttributes(attr("http.request.method", "GET"))
                .build();
        Span call = span("2222222222222222", "1111111111111111", "POST", Span.SpanKind.SPAN_KIND_CLIENT, 10, 30)
                .addAttributes(attr("peer.service", "dispatch"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addEvents(Span.Event.newBuilder()
                        .setName("exception")
                        .setTimeUnixNano(T0 + 29_000_000)
                        .addAttributes(attr("exception.type", "java.net.SocketTimeoutException"))
                        .addAttributes(attr("exception.message", "read timed out")))
                .build();
        Span sql = span("3333333333333333", "1111111111111111", "SELECT orders", Span.SpanKind.SPAN_KIND_CLIENT, 31, 40)
                .addAttributes(attr("db.system", "mysql"))
                .build();

        OtlpTraces.Result result = OtlpTraces.trees(request("order", server, call, sql), "10.0.0.9");

        assertThat(result.rejectedSpans()).isZero();
        assertThat(result.trees()).hasSize(1);
        MessageTree tree = result.trees().getFirst();
        assertThat(tree.domain()).isEqualTo("order");
        assertThat(tree.ipAddress()).isEqualTo("10.0.0.9");
        assertThat(tree.traceId()).isEqualTo(TRACE);
        assertThat(tree.messageId()).isEqualTo(TRACE + "-1111111111111111");
        assertThat(tree.parentMessageId()).isNull();
        Message root = tree.root();
        assertThat(root.type()).isEqualTo("URL");
        assertThat(root.name()).isEqualTo("/orders/{id}");
        assertThat(root.durationMicros()).isEqualTo(50_000);
        assertThat(root.children()).extracting(Message::type).containsExactly("Call", "SQL");
        Message callMessage = root.children().getFirst();
        assertThat(callMessage.status()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(callMessage.children())
                .extracting(m -> m.type() + ":" + m.name())
                .containsExactly("Call.app:dispatch", "Error:java.net.SocketTimeoutException");
    }

    @Test
    void aSpanWhoseParentIsElsewhereStartsATreeLinkedToIt() {
        Span local = span("4444444444444444", "9999999999999999", "assign", Span.SpanKind.SPAN_KIND_SERVER, 0, 5)
                .build();

        MessageTree tree =
                OtlpTraces.trees(request("dispatch", local), "10.0.0.9").trees().getFirst();

        assertThat(tree.parentMessageId()).isEqualTo(TRACE + "-9999999999999999");
        assertThat(tree.traceId()).isEqualTo(TRACE);
        assertThat(tree.root().type()).isEqualTo("Service");
    }

    @Test
    void aCallWhoseClientSpanNamesNoPeerIsLinkedOnceWhicheverHalfArrivesFirst() {
        // the callee's half first: the caller's Call gets the callee
        OtlpLinks links = new OtlpLinks();
        Span server = span("2222222222222222", "1111111111111111", "assign", Span.SpanKind.SPAN_KIND_SERVER, 1, 4)
                .build();
        Span client = span("1111111111111111", "", "POST", Span.SpanKind.SPAN_KIND_CLIENT, 0, 5)
                .build();
        MessageTree calleeTree =
                OtlpTraces.trees(request("dispatch", server), "", links).trees().getFirst();
        MessageTree callerTree =
                OtlpTraces.trees(request("order", client), "", links).trees().getFirst();
        assertThat(callerTree.root().children())
                .extracting(m -> m.type() + ":" + m.name())
                .containsExactly("Call.app:dispatch");
        assertThat(calleeTree.root().children()).isEmpty();

        // the caller's half first: the callee's tree names the caller
        OtlpLinks other = new OtlpLinks();
        MessageTree caller2 =
                OtlpTraces.trees(request("order", client), "", other).trees().getFirst();
        MessageTree callee2 =
                OtlpTraces.trees(request("dispatch", server), "", other).trees().getFirst();
        assertThat(caller2.root().children()).isEmpty();
        assertThat(callee2.root().children())
                .extracting(m -> m.type() + ":" + m.name())
                .containsExactly("RemoteParent.app:order");
    }

    @Test
    void invalidSpansAndCyclesAreRejectedAndCountedTheRestKept() {
        Span good = span("1111111111111111", "", "ok", Span.SpanKind.SPAN_KIND_INTERNAL, 0, 1)
                .build();
        Span noId = span("1111111111111111", "", "bad", Span.SpanKind.SPAN_KIND_INTERNAL, 0, 1)
                .setSpanId(ByteString.copyFrom(new byte[8]))
                .build();
        Span backwards = span("5555555555555555", "", "backwards", Span.SpanKind.SPAN_KIND_INTERNAL, 10, 1)
                .build();
        Span a = span("6666666666666666", "7777777777777777", "a", Span.SpanKind.SPAN_KIND_INTERNAL, 0, 1)
                .build();
        Span b = span("7777777777777777", "6666666666666666", "b", Span.SpanKind.SPAN_KIND_INTERNAL, 0, 1)
                .build();
        Span duplicate = span("1111111111111111", "", "again", Span.SpanKind.SPAN_KIND_INTERNAL, 0, 1)
                .build();

        OtlpTraces.Result result = OtlpTraces.trees(request("order", good, noId, backwards, a, b, duplicate), "");

        assertThat(result.trees()).extracting(t -> t.root().name()).containsExactly("ok");
        assertThat(result.spans()).isEqualTo(6);
        assertThat(result.rejectedSpans()).isEqualTo(5);
        assertThat(result.problem()).contains("no valid spanId");
    }

    @Test
    void aChainTenThousandDeepIsCutIntoLinkedTreesWithoutOverflowingTheStack() {
        List<Span> chain = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++)
            chain.add(span(id(i), i == 1 ? "" : id(i - 1), "s" + i, Span.SpanKind.SPAN_KIND_INTERNAL, 0, 1)
                    .build());

        OtlpTraces.Result result = OtlpTraces.trees(request("deep", chain.toArray(Span[]::new)), "");

        assertThat(result.rejectedSpans()).isZero();
        assertThat(result.trees().stream().mapToInt(t -> t.root().size()).sum()).isEqualTo(10_000);
        assertThat(result.trees()).hasSize((10_000 + OtlpTraces.MAX_DEPTH - 1) / OtlpTraces.MAX_DEPTH);
    }

    @Test
    void jsonWithHexIdsParsesAndBadJsonIsRefusedWithTheReason() {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"eta"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"1111111111111111","name":"predict","kind":2,
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d","futureField":true}]}]}]}
                """.formatted(TRACE, T0, T0 + 3_000_000);

        ExportTraceServiceRequest request =
                OtlpPayloads.traces(json.getBytes(StandardCharsets.UTF_8), OtlpPayloads.Format.JSON);
        MessageTree tree = OtlpTraces.trees(request, "").trees().getFirst();

        assertThat(tree.domain()).isEqualTo("eta");
        assertThat(tree.messageId()).isEqualTo(TRACE + "-1111111111111111");
        assertThat(tree.root().durationMicros()).isEqualTo(3_000);
        assertThatThrownBy(() -> OtlpPayloads.traces("{\"resourceSpans\":[".getBytes(), OtlpPayloads.Format.JSON))
                .isInstanceOf(OtlpRejection.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> OtlpPayloads.traces(
                        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}".getBytes(),
                        OtlpPayloads.Format.JSON))
                .hasMessageContaining("traceId must be hex");
        assertThatThrownBy(
                        () -> OtlpPayloads.traces(new byte[] {(byte) 0xff, 0x01, 0x02}, OtlpPayloads.Format.PROTOBUF))
                .isInstanceOf(OtlpRejection.class)
                .hasMessageContaining("not a valid ExportTraceServiceRequest");
    }

    @Test
    void aHistogramBecomesPrometheusStyleCountSumAndCumulativeBuckets() {
        Metric histogram = Metric.newBuilder()
                .setName("http.server.request.duration")
                .setHistogram(Histogram.newBuilder()
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .setTimeUnixNano(T0)
                                .setCount(6)
                                .setSum(2.5)
                                .addExplicitBounds(0.1)
                                .addExplicitBounds(1)
                                .addBucketCounts(3)
                                .addBucketCounts(2)
                                .addBucketCounts(1)
                                .addAttributes(attr("http.route", "/orders"))))
                .build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attr("service.name", "order")))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(histogram)))
                .build();

        List<MetricPoint> points = OtlpMetrics.points(request, 0).points();

        assertThat(points)
                .extracting(p -> p.name() + p.labels().getOrDefault("le", "") + "=" + p.value())
                .containsExactly(
                        "http_server_request_duration_count=6.0",
                        "http_server_request_duration_sum=2.5",
                        "http_server_request_duration_bucket0.1=3.0",
                        "http_server_request_duration_bucket1=5.0",
                        "http_server_request_duration_bucket+Inf=6.0");
        assertThat(points.getFirst().labels()).containsEntry("service", "order").containsEntry("http_route", "/orders");
        assertThat(points.getFirst().timestampMillis()).isEqualTo(T0 / 1_000_000);
    }

    private static String id(int i) {
        return "%016x".formatted(i);
    }

    private static Span.Builder span(
            String spanId, String parent, String name, Span.SpanKind kind, int startMs, int endMs) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId)))
                .setParentSpanId(
                        parent.isEmpty()
                                ? ByteString.EMPTY
                                : ByteString.copyFrom(HexFormat.of().parseHex(parent)))
                .setName(name)
                .setKind(kind)
                .setStartTimeUnixNano(T0 + startMs * 1_000_000L)
                .setEndTimeUnixNano(T0 + endMs * 1_000_000L);
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static ExportTraceServiceRequest request(String service, Span... spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
                .build();
    }
}
