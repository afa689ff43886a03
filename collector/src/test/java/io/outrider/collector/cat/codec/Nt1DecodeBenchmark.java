package io.outrider.collector.cat.codec;

import io.outrider.core.trace.MessageTree;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * NT1 decoding speed in messages per second on one thread (one core), on the real frames the Java 25 client sent:
 * a request tree (10 messages, 544 bytes) and the mix of all four frames (18 messages, 9.6 KB, one 8 KB heartbeat),
 * beside the ceiling of merely reading the mix's bytes.
 * Run with {@code scripts/bench-decoder}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Nt1DecodeBenchmark {

    static final int REQUEST_MESSAGES = 10;
    static final int MIX_MESSAGES = 18;

    private final Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
    private ByteBuffer request;
    private List<ByteBuffer> mix;

    @Setup(Level.Trial)
    public void load() throws MalformedFrameException {
        request = CatVectorsTest.body(CatVectorsTest.resource("run25_frame0001.bin"));
        mix =
                List.of("run25_frame0001.bin", "run25_frame0002.bin", "run25_frame0003.bin", "run25_frame0004.bin")
                        .stream()
                        .map(name -> CatVectorsTest.body(CatVectorsTest.resource(name)))
                        .toList();
        int total = 0;
        for (ByteBuffer frame : mix)
            total += decoder.decode(frame.duplicate()).root().size();
        if (decoder.decode(request.duplicate()).root().size() != REQUEST_MESSAGES || total != MIX_MESSAGES) {
            throw new IllegalStateException("the vectors changed: update the message counts of this benchmark");
        }
    }

    @Benchmark
    @OperationsPerInvocation(REQUEST_MESSAGES)
    public MessageTree requestTree() throws MalformedFrameException {
        return decoder.decode(request.duplicate());
    }

    @Benchmark
    @OperationsPerInvocation(MIX_MESSAGES)
    public void allFourFrames(Blackhole sink) throws MalformedFrameException {
        for (ByteBuffer frame : mix) sink.consume(decoder.decode(frame.duplicate()));
    }

    /** The ceiling: only reading every byte of the same four frames once, building nothing. */
    @Benchmark
    @OperationsPerInvocation(MIX_MESSAGES)
    public long allFourFramesBytesOnly() {
        long sum = 0;
        for (ByteBuffer frame : mix) {
            for (int i = frame.position(); i < frame.limit(); i++) sum += frame.get(i);
        }
        return sum;
    }
}
