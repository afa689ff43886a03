package io.outrider.topology.rollup;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Timed things (calls over an edge, transactions of a name) in some span of time: count, failures, total and largest duration, and the latency
 * distribution as an HdrHistogram (1 µs to 1 h, 2 significant digits: any percentile within 1 %), which merges
 * exactly — percentiles over any window come from merged histograms, never from averaged percentiles.
 */
public final class LatencyStats {

    static final long MAX_MICROS = 3_600_000_000L;

    private long calls;
    private long failures;
    private long sumMicros;
    private long maxMicros;
    private long minMicros = Long.MAX_VALUE;
    private final Histogram latency = new Histogram(MAX_MICROS, 2);

    public void record(long durationMicros, boolean failed) {
        calls++;
        if (failed) failures++;
        sumMicros += durationMicros;
        maxMicros = Math.max(maxMicros, durationMicros);
        minMicros = Math.min(minMicros, durationMicros);
        latency.recordValue(Math.max(1, Math.min(MAX_MICROS, durationMicros)));
    }

    public void merge(LatencyStats other) {
        calls += other.calls;
        failures += other.failures;
        sumMicros += other.sumMicros;
        maxMicros = Math.max(maxMicros, other.maxMicros);
        minMicros = Math.min(minMicros, other.minMicros);
        latency.add(other.latency);
    }

    public long calls() {
        return calls;
    }

    public long failures() {
        return failures;
    }

    /** The shortest duration, in µs; 0 when there were no calls. */
    public long minMicros() {
        return calls == 0 ? 0 : minMicros;
    }

    public long maxMicros() {
        return maxMicros;
    }

    public double meanMicros() {
        return calls == 0 ? 0 : (double) sumMicros / calls;
    }

    /** The latency at {@code percentile} (0..100), in µs; 0 when there were no calls. */
    public long percentileMicros(double percentile) {
        return calls == 0 ? 0 : latency.getValueAtPercentile(percentile);
    }

    /** The form stored in Elasticsearch: figures plus the compressed histogram in base64. */
    public Map<String, Object> toDocument() {
        ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
        int length = latency.encodeIntoCompressedByteBuffer(buffer);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("calls", calls);
        doc.put("failures", failures);
        doc.put("sumMicros", sumMicros);
        doc.put("maxMicros", maxMicros);
        doc.put("minMicros", minMicros());
        doc.put("histogram", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
        return doc;
    }

    public static LatencyStats fromDocument(Map<?, ?> doc) {
        LatencyStats stats = new LatencyStats();
        stats.calls = number(doc.get("calls"));
        stats.failures = number(doc.get("failures"));
        stats.sumMicros = number(doc.get("sumMicros"));
        stats.maxMicros = number(doc.get("maxMicros"));
        stats.minMicros = stats.calls == 0 ? Long.MAX_VALUE : number(doc.get("minMicros"));
        Object histogram = doc.get("histogram");
        if (histogram instanceof String encoded && !encoded.isEmpty()) {
            try {
                stats.latency.add(Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0));
            } catch (DataFormatException | IllegalArgumentException e) {
                throw new IllegalArgumentException("stored latency histogram is unreadable: " + e.getMessage(), e);
            }
        }
        return stats;
    }

    private static long number(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
