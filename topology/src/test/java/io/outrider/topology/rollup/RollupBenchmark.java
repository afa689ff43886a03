package io.outrider.topology.rollup;

import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.codec.Nt1Decoder;
import io.outrider.collector.cat.codec.Nt1Encoder;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.topology.graph.TopologyRollup;
import io.outrider.topology.report.ReportRollup;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rollup throughput on one core, in spans per second: what a rollup consumer does per record — decode the NT1
 * record, fold the tree into its minute. Trees are requests of five services (a URL transaction with a SQL and a
 * cross-service Call transaction and their events: 3 spans, 8 messages), 200 distinct URL names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RollupBenchmark {

    static final int TREES = 1000;
    static final int SPANS = TREES * 3;

    private final Nt1Decoder decoder = new Nt1Decoder(DecodeLimits.DEFAULT);
    private byte[][] records;
    private Rollup.Minute reports;
    private Rollup.Minute edges;

    @Setup
    public void setUp() {
        String[] services = {"order-service", "dispatch-service", "rider-service", "eta-service", "pricing-service"};
        records = new byte[TREES][];
        long t = 1_700_000_000_000L;
        for (int i = 0; i < TREES; i++) {
            String service = services[i % 5];
            String callee = services[(i + 1) % 5];
            MessageTree tree = new MessageTree(
                    service,
                    "h",
                    "10.0.0.1",
                    "main",
                    "1",
                    "http-1",
                    service + "-0a000001-1-" + i,
                    null,
                    null,
                    Message.transaction(
                            t + i,
                            "URL",
                            "/api/v1/resource" + (i % 200),
                            "0",
                            "method=GET",
                            9_000 + i,
                            List.of(
                                    Message.leaf(MessageKind.EVENT, t + i, "URL.Server", "10.0.0.1", "0", ""),
                                    Message.leaf(MessageKind.EVENT, t + i, "URL.Method", "GET", "0", ""),
                                    Message.transaction(
                                            t + i,
                                            "SQL",
                                            "OrderMapper.selectById",
                                            "0",
                                            "select 1",
                                            1_200,
                                            List.of(Message.leaf(
                                                    MessageKind.EVENT, t + i, "SQL.Method", "SELECT", "0", ""))),
                                    Message.transaction(
                                            t + i,
                                            "Call",
                                            callee + ":/api/quote",
                                            i % 50 == 0 ? "ERROR" : "0",
                                            "",
                                            4_500,
                                            List.of(
                                                    Message.leaf(MessageKind.EVENT, t + i, "Call.app", callee, "0", ""),
                                                    Message.leaf(
                                                            MessageKind.EVENT, t + i, "RemoteCall", "", "0", "x"))))));
            records[i] = Nt1Encoder.encode(tree);
        }
        reports = new ReportRollup().empty();
        edges = new TopologyRollup().empty();
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public Rollup.Minute reports() throws Exception {
        for (byte[] record : records) reports.add(decoder.decode(ByteBuffer.wrap(record)));
        return reports;
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public Rollup.Minute topology() throws Exception {
        for (byte[] record : records) edges.add(decoder.decode(ByteBuffer.wrap(record)));
        return edges;
    }
}
