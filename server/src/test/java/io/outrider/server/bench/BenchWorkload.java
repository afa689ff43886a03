package io.outrider.server.bench;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests every system of the ingest benchmark is given: one request of a dispatch service, as a CAT tree (a
 * URL transaction holding a SQL and a cross-service Call transaction, with their events: 8 messages) and as the three
 * Zipkin v2 spans that carry the same information (the transactions as spans, the events as annotations and tags).
 */
final class BenchWorkload {

    static final String[] SERVICES = {
        "order-service", "dispatch-service", "rider-service", "eta-service", "pricing-service"
    };
    /** Transactions (spans) per request. */
    static final int SPANS_PER_TREE = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long startMillis;
    private final String runId;

    BenchWorkload(long startMillis, String runId) {
        this.startMillis = startMillis;
        this.runId = runId;
    }

    String service(int i) {
        return SERVICES[i % SERVICES.length];
    }

    long timestamp(int i) {
        return startMillis + i / 100;
    }

    MessageTree tree(int i) {
        String service = service(i);
        String callee = service(i + 1);
        long t = timestamp(i);
        Message sql = Message.transaction(
                t + 1,
                "SQL",
                "OrderMapper.selectById",
                Message.SUCCESS,
                "select * from orders where id = ?",
                1_200,
                List.of(Message.leaf(MessageKind.EVENT, t + 1, "SQL.Method", "SELECT", Message.SUCCESS, "")));
        Message call = Message.transaction(
                t + 3,
                "Call",
                callee + ":/api/quote",
                i % 50 == 0 ? "java.net.SocketTimeoutException" : Message.SUCCESS,
                "",
                4_500,
                List.of(
                        Message.leaf(MessageKind.EVENT, t + 3, "Call.app", callee, Message.SUCCESS, ""),
                        Message.leaf(MessageKind.EVENT, t + 3, "Call.server", "127.0.0.1", Message.SUCCESS, "")));
        Message root = Message.transaction(
                t,
                "URL",
                "/api/orders/{id}",
                Message.SUCCESS,
                "method=GET&city=shanghai",
                9_000,
                List.of(
                        Message.leaf(MessageKind.EVENT, t, "URL.Server", "127.0.0.1", Message.SUCCESS, "ua=bench"),
                        Message.leaf(MessageKind.EVENT, t, "URL.Method", "GET", Message.SUCCESS, ""),
                        sql,
                        call));
        return new MessageTree(
                service, "bench-host", "127.0.0.1", "main", "1", "http-nio-1", messageId(i), null, null, root);
    }

    String messageId(int i) {
        return service(i) + "-7f000001-" + runId + "-" + i;
    }

    /** The same request as Zipkin v2 spans, appended to {@code spans}. */
    void zipkinSpans(int i, ArrayNode spans) {
        String service = service(i);
        String callee = service(i + 1);
        long micros = timestamp(i) * 1000;
        String traceId = "%016x%016x".formatted(runId.hashCode() & 0xffffffffL, i + 1L);
        String rootId = "%016x".formatted(3L * i + 1);
        ObjectNode root = span(spans, traceId, rootId, null, "get /api/orders/{id}", "SERVER", service, micros, 9_000);
        root.putObject("tags").put("http.method", "GET").put("city", "shanghai").put("http.path", "/api/orders/42");
        root.putArray("annotations").addObject().put("timestamp", micros).put("value", "ua=bench");
        ObjectNode sql = span(
                spans,
                traceId,
                "%016x".formatted(3L * i + 2),
                rootId,
                "orderMapper.selectById",
                "CLIENT",
                service,
                micros + 1000,
                1_200);
        sql.putObject("remoteEndpoint").put("serviceName", "mysql");
        sql.putObject("tags")
                .put("sql.query", "select * from orders where id = ?")
                .put("sql.method", "SELECT");
        ObjectNode call = span(
                spans,
                traceId,
                "%016x".formatted(3L * i + 3),
                rootId,
                "post /api/quote",
                "CLIENT",
                service,
                micros + 3000,
                4_500);
        call.putObject("remoteEndpoint").put("serviceName", callee).put("ipv4", "127.0.0.1");
        if (i % 50 == 0) call.putObject("tags").put("error", "java.net.SocketTimeoutException");
    }

    private static ObjectNode span(
            ArrayNode spans,
            String traceId,
            String id,
            String parentId,
            String name,
            String kind,
            String service,
            long timestampMicros,
            long durationMicros) {
        ObjectNode span = spans.addObject();
        span.put("traceId", traceId);
        span.put("id", id);
        if (parentId != null) span.put("parentId", parentId);
        span.put("name", name);
        span.put("kind", kind);
        span.put("timestamp", timestampMicros);
        span.put("duration", durationMicros);
        span.putObject("localEndpoint").put("serviceName", service).put("ipv4", "127.0.0.1");
        return span;
    }

    static byte[] json(Object node) {
        return JSON.writeValueAsBytes(node);
    }

    static ArrayNode newArray() {
        return JSON.createArrayNode();
    }
}
