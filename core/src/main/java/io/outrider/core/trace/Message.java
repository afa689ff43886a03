package io.outrider.core.trace;

import java.util.List;
import java.util.Objects;

/**
 * One message of a tree. A transaction has children and a duration; the other kinds have neither. {@code status}
 * {@code "0"} means success; anything else is a failure (an exception class name, {@code ERROR}, ...), except for
 * metrics, whose status is the metric kind ({@code C}, {@code T}, {@code S}, {@code S,C}).
 *
 * @param timestampMillis epoch milliseconds of the start
 * @param durationMicros transactions only; 0 for the other kinds
 */
public record Message(
        MessageKind kind,
        long timestampMillis,
        String type,
        String name,
        String status,
        String data,
        long durationMicros,
        List<Message> children) {

    /** The status of success. */
    public static final String SUCCESS = "0";

    public Message {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(data, "data");
        if (durationMicros < 0) throw new IllegalArgumentException("durationMicros < 0: " + durationMicros);
        children = List.copyOf(children);
        if (kind != MessageKind.TRANSACTION) {
            if (!children.isEmpty())
                throw new IllegalArgumentException(kind + " cannot have children: " + type + "/" + name);
            if (durationMicros != 0)
                throw new IllegalArgumentException(kind + " has no duration: " + type + "/" + name);
        }
    }

    /** An event, metric, heartbeat or trace line. */
    public static Message leaf(
            MessageKind kind, long timestampMillis, String type, String name, String status, String data) {
        return new Message(kind, timestampMillis, type, name, status, data, 0, List.of());
    }

    public static Message transaction(
            long timestampMillis,
            String type,
            String name,
            String status,
            String data,
            long durationMicros,
            List<Message> children) {
        return new Message(
                MessageKind.TRANSACTION, timestampMillis, type, name, status, data, durationMicros, children);
    }

    public boolean isSuccess() {
        return status.equals(SUCCESS);
    }

    /** This message and all below it. */
    public int size() {
        int size = 1;
        for (Message child : children) size += child.size();
        return size;
    }
}
