package io.outrider.collector.cat.server;

import io.outrider.core.trace.MessageTree;

/** Where decoded trees go (Kafka in the server, memory in tests). */
public interface TreeSink {

    /** Takes a tree; must not block for long. */
    void accept(MessageTree tree);

    /** A frame that could not be taken: who sent it, why, and its first bytes (bounded). */
    void deadLetter(DeadLetter letter);

    /** While true, the listener stops reading from sockets (clients queue, then drop on their side). */
    default boolean congested() {
        return false;
    }

    /**
     * A frame that could not be used.
     *
     * @param head at most {@value #MAX_HEAD} bytes of the frame, for diagnosis
     */
    record DeadLetter(String client, String reason, int frameBytes, byte[] head, long receivedAtMillis) {
        public static final int MAX_HEAD = 1024;
    }
}
