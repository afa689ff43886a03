package io.outrider.collector.elasticsearch;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a message tree is stored: searchable fields of the tree and its root (service, endpoint, status, duration,
 * ids, host), the cross-service calls it made, and the whole tree as it was, for the logview. The document id is
 * the message id, so a replayed record overwrites rather than duplicates.
 */
public final class SpanDocument {

    /** Index family: daily indices {@code outrider-spans-YYYY.MM.DD}. */
    public static final String INDEX_PREFIX = "outrider-spans-";

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

    private SpanDocument() {}

    /** The daily index of the tree's start. */
    public static String index(MessageTree tree) {
        return INDEX_PREFIX + DAY.format(Instant.ofEpochMilli(tree.root().timestampMillis()));
    }

    public static Map<String, Object> of(MessageTree tree) {
        Message root = tree.root();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("messageId", tree.messageId());
        doc.put("traceId", tree.traceId());
        if (tree.parentMessageId() != null) doc.put("parentMessageId", tree.parentMessageId());
        if (tree.rootMessageId() != null) doc.put("rootMessageId", tree.rootMessageId());
        doc.put("domain", tree.domain());
        doc.put("hostName", tree.hostName());
        doc.put("ip", tree.ipAddress());
        doc.put("threadName", tree.threadName());
        doc.put("timestamp", root.timestampMillis());
        doc.put("kind", root.kind().name().toLowerCase());
        doc.put("type", root.type());
        doc.put("name", root.name());
        doc.put("status", root.status());
        doc.put("success", root.kind() == MessageKind.METRIC || root.isSuccess());
        doc.put("durationMicros", root.durationMicros());
        doc.put("messageCount", root.size());
        doc.put("hasError", hasError(root));
        List<Map<String, Object>> calls = new ArrayList<>();
        collectCalls(root, calls);
        doc.put("calls", calls);
        doc.put("tree", message(root));
        return doc;
    }

    private static boolean hasError(Message message) {
        if (message.kind() == MessageKind.TRANSACTION && !message.isSuccess()) return true;
        if (message.kind() == MessageKind.EVENT
                && !message.isSuccess()
                && (message.type().equals("Error")
                        || message.type().equals("RuntimeException")
                        || message.type().equals("Exception"))) {
            return true;
        }
        for (Message child : message.children()) if (hasError(child)) return true;
        return false;
    }

    /** {@code Call} transactions with the callee from their {@code Call.app} event. */
    private static void collectCalls(Message message, List<Map<String, Object>> calls) {
        if (message.kind() == MessageKind.TRANSACTION
                && (message.type().equals("Call") || message.type().equals("PigeonCall"))) {
            String target = message.children().stream()
                    .filter(c -> c.type().equals("Call.app") || c.type().equals("PigeonCall.app"))
                    .map(Message::name)
                    .findFirst()
                    .orElse("");
            calls.add(Map.of(
                    "type",
                    message.type(),
                    "name",
                    message.name(),
                    "target",
                    target,
                    "status",
                    message.status(),
                    "durationMicros",
                    message.durationMicros()));
        }
        for (Message child : message.children()) collectCalls(child, calls);
    }

    private static Map<String, Object> message(Message message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("k", String.valueOf(message.kind().wireId()));
        out.put("ts", message.timestampMillis());
        out.put("type", message.type());
        out.put("name", message.name());
        out.put("status", message.status());
        if (!message.data().isEmpty()) out.put("data", message.data());
        if (message.kind() == MessageKind.TRANSACTION) {
            out.put("us", message.durationMicros());
            if (!message.children().isEmpty())
                out.put(
                        "children",
                        message.children().stream().map(SpanDocument::message).toList());
        }
        return out;
    }
}
