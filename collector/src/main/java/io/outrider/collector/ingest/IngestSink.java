package io.outrider.collector.ingest;

import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.MessageTree;

/** Where every receiver (CAT, OTLP, the Prometheus scraper) puts what it took: Kafka in the server, memory in tests. */
public interface IngestSink {

    /** Takes a tree; must not block for long. */
    void accept(MessageTree tree);

    /** Takes a metric point; must not block for long. */
    void accept(MetricPoint point);

    /** A frame or record that could not be taken. */
    void deadLetter(DeadLetter letter);

    /** While true, receivers stop reading (CAT) or answer "retry later" (OTLP). */
    default boolean congested() {
        return false;
    }

    /** True while the sink cannot reach where it writes (Kafka down), as opposed to being merely busy. */
    default boolean unavailable() {
        return false;
    }

    /**
     * A frame or record that could not be used.
     *
     * @param source the receiver ({@code cat}, {@code otlp}, {@code prometheus}, {@code span-index-writer}, ...)
     * @param client who sent it
     * @param head at most {@value #MAX_HEAD} bytes of it, for diagnosis
     */
    record DeadLetter(String source, String client, String reason, int frameBytes, byte[] head, long receivedAtMillis) {
        public static final int MAX_HEAD = 1024;

        public static DeadLetter of(String source, String client, String reason, byte[] bytes) {
            byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, MAX_HEAD));
            return new DeadLetter(source, client, reason, bytes.length, head, System.currentTimeMillis());
        }
    }
}
