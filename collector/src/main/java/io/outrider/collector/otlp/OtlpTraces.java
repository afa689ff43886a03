package io.outrider.collector.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * OTLP spans as CAT message trees. The spans one service sent for one trace become one tree per local root (a span
 * whose parent is not among them): child spans nest as transactions, span events as events, exception events as
 * {@code Error} events. Span kinds map to CAT types: server spans to {@code URL} (HTTP, named by route) or
 * {@code Service}, client spans to {@code Call} with a {@code Call.app} event naming the callee (from
 * {@code peer.service} or {@code server.address}) so the topology sees the edge, database spans to {@code SQL},
 * messaging to {@code MQProducer}/{@code MQConsumer}, the rest to {@code Span}. Every tree of a trace carries the
 * trace id as its root id; the message id is {@code traceId-spanId}; a tree's parent id is
 * {@code traceId-parentSpanId}. A call between two services whose client span names no peer is linked by the
 * parent/child relation of the spans when both halves reach this instance ({@link OtlpLinks}). Spans with invalid
 * ids or times, duplicates and parent cycles are rejected and counted, never half-stored.
 */
public final class OtlpTraces {

    /** Spans nested deeper than this start a tree of their own (linked to their parent). */
    static final int MAX_DEPTH = 256;

    static final int MAX_DATA = 4096;
    private static final HexFormat HEX = HexFormat.of();

    private OtlpTraces() {}

    /**
     * @param rejectedSpans spans that could not be used
     * @param problem what was wrong with the first of them, for the client
     */
    public record Result(
            List<MessageTree> trees,
            int spans,
            int rejectedSpans,
            @Nullable String problem) {}

    /** @param clientIp the sender's address, used when the resource names no host ip */
    public static Result trees(ExportTraceServiceRequest request, String clientIp) {
        return trees(request, clientIp, new OtlpLinks());
    }

    /**
     * @param clientIp the sender's address, used when the resource names no host ip
     * @param links cross-service calls waiting for their other half (see {@link OtlpLinks})
     */
    public static Result trees(ExportTraceServiceRequest request, String clientIp, OtlpLinks links) {
        List<MessageTree> trees = new ArrayList<>();
        Problems problems = new Problems();
        int spans = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Origin origin = Origin.of(resourceSpans.getResource().getAttributesList(), clientIp);
            Map<String, List<Span>> byTrace = new LinkedHashMap<>();
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans++;
                    String invalid = invalid(span);
                    if (invalid != null) problems.reject(invalid);
                    else
                        byTrace.computeIfAbsent(hex(span.getTraceId()), t -> new ArrayList<>())
                                .add(span);
                }
            }
            byTrace.forEach((traceId, traceSpans) ->
                    new TraceBuilder(origin, traceId, problems, links).build(traceSpans, trees));
        }
        return new Result(trees, spans, problems.count, problems.first);
    }

    private static final class Problems {
        int count;

        @Nullable
        String first;

        void reject(String problem) {
            count++;
            if (first == null) first = problem;
        }
    }

    private record Origin(String domain, String host, String ip) {
        static Origin of(List<KeyValue> resource, String clientIp) {
            String service = OtlpAttributes.get(resource, "service.name");
            String host = OtlpAttributes.get(resource, "host.name");
            String ip = OtlpAttributes.get(resource, "host.ip");
            if (ip != null && ip.startsWith("["))
                ip = ip.substring(1, ip.length() - 1).split(",")[0];
            return new Origin(
                    service == null || service.isBlank() ? "unknown_service" : service,
                    host == null ? "" : host,
                    ip == null || ip.isBlank() ? clientIp : ip);
        }
    }

    private static @Nullable String invalid(Span span) {
        if (span.getTraceId().size() != 16 || isZero(span.getTraceId()))
            return "span '" + span.getName() + "' has no valid traceId (16 bytes, not all zero)";
        if (span.getSpanId().size() != 8 || isZero(span.getSpanId()))
            return "span '" + span.getName() + "' has no valid spanId (8 bytes, not all zero)";
        if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8)
            return "span '" + span.getName() + "' has a parentSpanId that is not 8 bytes";
        if (span.getStartTimeUnixNano() == 0) return "span '" + span.getName() + "' has no startTimeUnixNano";
        if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0)
            return "span '" + span.getName() + "' ends before it starts";
        return null;
    }

    private static boolean isZero(ByteString bytes) {
        for (int i = 0; i < bytes.size(); i++) if (bytes.byteAt(i) != 0) return false;
        return true;
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    /** The spans of one trace from one service. */
    private static final class TraceBuilder {
        private final Origin origin;
        private final String traceId;
        private final Problems problems;
        private final Map<String, Span> byId = new HashMap<>();
        private final Map<String, List<Span>> children = new HashMap<>();
        private final Set<String> placed = new HashSet<>();
        private final Deque<Span> roots = new ArrayDeque<>();

        private final OtlpLinks links;
        private final long now = System.currentTimeMillis();

        TraceBuilder(Origin origin, String traceId, Problems problems, OtlpLinks links) {
            this.origin = origin;
            this.traceId = traceId;
            this.problems = problems;
            this.links = links;
        }

        void build(List<Span> spans, List<MessageTree> out) {
            List<Span> unique = new ArrayList<>(spans.size());
            for (Span span : spans) {
                if (byId.putIfAbsent(hex(span.getSpanId()), span) != null)
                    problems.reject("span id " + hex(span.getSpanId()) + " appears twice in trace " + traceId);
                else unique.add(span);
            }
            for (Span span : unique) {
                String parent = hex(span.getParentSpanId());
                if (parent.isEmpty() || !byId.containsKey(parent)) roots.add(span);
                else children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
            }
            while (!roots.isEmpty()) {
                Span root = roots.poll();
                String parent = hex(root.getParentSpanId());
                Message message = message(root, 0);
                if (!parent.isEmpty() && !byId.containsKey(parent)) {
                    String caller = links.callerOf(traceId + "-" + parent, origin.domain(), now);
                    if (caller != null)
                        message = withFirstChild(
                                message,
                                Message.leaf(
                                        MessageKind.EVENT,
                                        message.timestampMillis(),
                                        "RemoteParent.app",
                                        caller,
                                        Message.SUCCESS,
                                        ""));
                }
                out.add(new MessageTree(
                        origin.domain(),
                        origin.host(),
                        origin.ip(),
                        "",
                        "",
                        threadName(root),
                        traceId + "-" + hex(root.getSpanId()),
                        parent.isEmpty() ? null : traceId + "-" + parent,
                        traceId,
                        message));
            }
            for (Span span : unique)
                if (!placed.contains(hex(span.getSpanId())))
                    problems.reject("span " + hex(span.getSpanId()) + " of trace " + traceId + " is in a parent cycle");
        }

        private Message message(Span span, int depth) {
            String id = hex(span.getSpanId());
            placed.add(id);
            List<Message> kids = new ArrayList<>();
            if (span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT) {
                String callee = callee(span.getAttributesList());
                if (callee == null) callee = links.calleeOf(traceId + "-" + id, origin.domain(), now);
                if (callee != null)
                    kids.add(Message.leaf(
                            MessageKind.EVENT,
                            millis(span.getStartTimeUnixNano()),
                            "Call.app",
                            callee,
                            Message.SUCCESS,
                            ""));
            }
            for (Span.Event event : span.getEventsList()) kids.add(event(event));
            for (Span child : children.getOrDefault(id, List.of())) {
                if (depth + 1 >= MAX_DEPTH) roots.add(child);
                else kids.add(message(child, depth + 1));
            }
            kids.sort(Comparator.comparingLong(Message::timestampMillis));
            List<KeyValue> attributes = span.getAttributesList();
            String type = type(span);
            String route = OtlpAttributes.get(attributes, "http.route");
            String name = type.equals("URL") && route != null ? route : span.getName();
            long durationMicros = (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000;
            return Message.transaction(
                    millis(span.getStartTimeUnixNano()),
                    type,
                    name.isEmpty() ? "unnamed" : name,
                    status(span),
                    OtlpAttributes.data(attributes, MAX_DATA),
                    durationMicros,
                    kids);
        }
    }

    private static Message withFirstChild(Message message, Message first) {
        List<Message> children = new ArrayList<>(message.children().size() + 1);
        children.add(first);
        children.addAll(message.children());
        return Message.transaction(
                message.timestampMillis(),
                message.type(),
                message.name(),
                message.status(),
                message.data(),
                message.durationMicros(),
                children);
    }

    private static @Nullable String callee(List<KeyValue> attributes) {
        for (String key : List.of("peer.service", "server.address", "net.peer.name", "db.system.name", "db.system")) {
            String value = OtlpAttributes.get(attributes, key);
            if (value != null && !value.isBlank()) return value;
        }
        return null;
    }

    private static String type(Span span) {
        List<KeyValue> attributes = span.getAttributesList();
        if (OtlpAttributes.get(attributes, "db.system") != null
                || OtlpAttributes.get(attributes, "db.system.name") != null) return "SQL";
        return switch (span.getKind()) {
            case SPAN_KIND_SERVER ->
                OtlpAttributes.get(attributes, "http.route") != null
                                || OtlpAttributes.get(attributes, "http.request.method") != null
                                || OtlpAttributes.get(attributes, "http.method") != null
                        ? "URL"
                        : "Service";
            case SPAN_KIND_CLIENT -> "Call";
            case SPAN_KIND_PRODUCER -> "MQProducer";
            case SPAN_KIND_CONSUMER -> "MQConsumer";
            default -> "Span";
        };
    }

    /** CAT's status: {@code 0} for success, else the exception type or the status message. */
    private static String status(Span span) {
        if (span.getStatus().getCode() != Status.StatusCode.STATUS_CODE_ERROR) return Message.SUCCESS;
        for (Span.Event event : span.getEventsList()) {
            String type = OtlpAttributes.get(event.getAttributesList(), "exception.type");
            if (event.getName().equals("exception") && type != null && !type.isBlank()) return truncate(type, 200);
        }
        String message = span.getStatus().getMessage();
        return message.isBlank() ? "ERROR" : truncate(message, 200);
    }

    private static Message event(Span.Event event) {
        long ts = millis(event.getTimeUnixNano());
        List<KeyValue> attributes = event.getAttributesList();
        if (event.getName().equals("exception")) {
            String type = OtlpAttributes.get(attributes, "exception.type");
            String text = OtlpAttributes.get(attributes, "exception.message");
            return Message.leaf(
                    MessageKind.EVENT,
                    ts,
                    "Error",
                    type == null || type.isBlank() ? "exception" : truncate(type, 200),
                    "ERROR",
                    text == null ? "" : truncate(text, MAX_DATA));
        }
        return Message.leaf(
                MessageKind.EVENT,
                ts,
                "Event",
                event.getName().isEmpty() ? "unnamed" : truncate(event.getName(), 200),
                Message.SUCCESS,
                OtlpAttributes.data(attributes, MAX_DATA));
    }

    private static String threadName(Span span) {
        String thread = OtlpAttributes.get(span.getAttributesList(), "thread.name");
        return thread == null ? "" : thread;
    }

    static long millis(long unixNano) {
        return Long.divideUnsigned(unixNano, 1_000_000);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
