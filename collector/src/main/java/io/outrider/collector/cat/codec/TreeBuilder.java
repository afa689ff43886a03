package io.outrider.collector.cat.codec;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the message tree from the pre-order stream both codecs produce: a transaction's start pushes, its end pops,
 * other messages attach to the open transaction or become the root. Enforces one root, balanced transactions and
 * the {@link DecodeLimits}.
 */
final class TreeBuilder {

    private static final class Open {
        final long timestampMillis;
        final String type;
        final String name;
        final List<Message> children = new ArrayList<>();

        Open(long timestampMillis, String type, String name) {
            this.timestampMillis = timestampMillis;
            this.type = type;
            this.name = name;
        }
    }

    private final DecodeLimits limits;
    private final Deque<Open> stack = new ArrayDeque<>();
    private @Nullable Message root;
    private int messages;

    TreeBuilder(DecodeLimits limits) {
        this.limits = limits;
    }

    void start(long timestampMillis, String type, String name) throws MalformedFrameException {
        count();
        if (root != null)
            throw new MalformedFrameException(
                    "a second root message (transaction " + type + "/" + name + ") after the tree was complete");
        if (stack.size() >= limits.maxDepth())
            throw new MalformedFrameException("transactions nested deeper than " + limits.maxDepth());
        stack.push(new Open(timestampMillis, type, name));
    }

    void end(String status, String data, long durationMicros) throws MalformedFrameException {
        Open open = stack.poll();
        if (open == null) throw new MalformedFrameException("transaction end without a start");
        if (durationMicros < 0)
            throw new MalformedFrameException(
                    "negative duration " + durationMicros + " of " + open.type + "/" + open.name);
        attach(Message.transaction(
                open.timestampMillis, open.type, open.name, status, data, durationMicros, open.children));
    }

    /** A transaction with no children, start and end in one record (PT1 {@code A}). */
    void atomic(long timestampMillis, String type, String name, String status, String data, long durationMicros)
            throws MalformedFrameException {
        count();
        if (durationMicros < 0)
            throw new MalformedFrameException("negative duration " + durationMicros + " of " + type + "/" + name);
        attach(Message.transaction(timestampMillis, type, name, status, data, durationMicros, List.of()));
    }

    void leaf(MessageKind kind, long timestampMillis, String type, String name, String status, String data)
            throws MalformedFrameException {
        count();
        attach(Message.leaf(kind, timestampMillis, type, name, status, data));
    }

    Message finish() throws MalformedFrameException {
        if (!stack.isEmpty())
            throw new MalformedFrameException(stack.size() + " transaction(s) not ended, innermost " + stack.peek().type
                    + "/" + stack.peek().name);
        if (root == null) throw new MalformedFrameException("no message in the frame");
        return root;
    }

    private void attach(Message message) throws MalformedFrameException {
        Open parent = stack.peek();
        if (parent != null) {
            parent.children.add(message);
        } else if (root == null) {
            root = message;
        } else {
            throw new MalformedFrameException("a second root message (" + message.type() + "/" + message.name()
                    + ") after the tree was complete");
        }
    }

    private void count() throws MalformedFrameException {
        if (++messages > limits.maxMessages())
            throw new MalformedFrameException("more than " + limits.maxMessages() + " messages in one tree");
    }
}
