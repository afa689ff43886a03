package io.outrider.topology.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import io.outrider.topology.rollup.LatencyStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {

    private static ServiceGraph graph(String... edges) {
        Map<Edge, LatencyStats> map = new LinkedHashMap<>();
        for (String e : edges) {
            String[] parts = e.split(">");
            LatencyStats stats = new LatencyStats();
            stats.record(1000, false);
            map.put(new Edge(parts[0], parts[1]), stats);
        }
        return new ServiceGraph(map);
    }

    @Test
    void upstreamDownstreamAndPathsFollowTheCalls() {
        ServiceGraph graph = graph(
                "gateway>order",
                "order>dispatch",
                "order>pricing",
                "dispatch>rider",
                "dispatch>eta",
                "pricing>eta",
                "rider>dispatch");

        assertThat(graph.callersOf("eta")).containsExactly("dispatch", "pricing");
        assertThat(graph.calleesOf("order")).containsExactly("dispatch", "pricing");
        assertThat(graph.upstream("eta")).containsExactly("dispatch", "gateway", "order", "pricing", "rider");
        assertThat(graph.downstream("order")).containsExactly("dispatch", "eta", "pricing", "rider");
        assertThat(graph.downstream("eta")).isEmpty();
        assertThat(graph.paths("order", "eta", 6))
                .containsExactlyInAnyOrder(List.of("order", "dispatch", "eta"), List.of("order", "pricing", "eta"));
        assertThat(graph.paths("order", "eta", 1)).isEmpty();
        assertThat(graph.services()).contains("gateway", "rider");
    }

    @Test
    void callsAreTakenFromTheCallerSideWithTheirCallee() {
        long t = 1_700_000_000_000L;
        MessageTree tree = new MessageTree(
                "order-service",
                "h",
                "10.0.0.1",
                "g",
                "1",
                "t",
                "id",
                null,
                null,
                Message.transaction(
                        t,
                        "URL",
                        "/orders",
                        "0",
                        "",
                        9000,
                        List.of(
                                Message.transaction(
                                        t,
                                        "Call",
                                        "dispatch:/assign",
                                        "java.net.SocketTimeoutException",
                                        "",
                                        4000,
                                        List.of(Message.leaf(
                                                MessageKind.EVENT, t, "Call.app", "dispatch-service", "0", ""))),
                                Message.transaction(t, "Call", "no-app", "0", "", 100, List.of()),
                                Message.transaction(
                                        t,
                                        "Call",
                                        "by-remote-call",
                                        "0",
                                        "",
                                        300,
                                        List.of(Message.leaf(
                                                MessageKind.EVENT,
                                                t,
                                                "RemoteCall",
                                                "",
                                                "0",
                                                "rider-service-7f000001-498750-12"))),
                                Message.transaction(
                                        t,
                                        "Service",
                                        "/x",
                                        "0",
                                        "",
                                        100,
                                        List.of(Message.leaf(
                                                MessageKind.EVENT, t, "Service.app", "gateway", "0", ""))))));

        assertThat(Calls.of(tree))
                .containsExactly(
                        new Calls.Call("order-service", "dispatch-service", 4000, true),
                        new Calls.Call("order-service", "rider-service", 300, false));
    }

    @Test
    void anOtlpCallLinkedOnTheCalleesSideIsCountedThere() {
        long t = 1_700_000_000_000L;
        MessageTree served = new MessageTree(
                "dispatch",
                "h",
                "10.0.0.2",
                "",
                "",
                "",
                "trace-b",
                "trace-a",
                "trace",
                Message.transaction(
                        t,
                        "Service",
                        "assign",
                        "ERROR",
                        "",
                        7000,
                        List.of(Message.leaf(MessageKind.EVENT, t, "RemoteParent.app", "order", "0", ""))));

        assertThat(Calls.of(served)).containsExactly(new Calls.Call("order", "dispatch", 7000, true));
    }

    @Test
    void percentilesOfMergedHistogramsAreWithinOnePercentOfTheExactValues() {
        SplittableRandom random = new SplittableRandom(42);
        long[] all = new long[60_000];
        LatencyStats merged = new LatencyStats();
        for (int minute = 0; minute < 60; minute++) {
            LatencyStats perMinute = new LatencyStats();
            for (int i = 0; i < 1000; i++) {
                // log-normal-ish latencies between 0.1 ms and a few seconds
                long micros = (long) Math.exp(random.nextDouble(4.6, 15));
                perMinute.record(micros, false);
                all[minute * 1000 + i] = micros;
            }
            merged.merge(LatencyStats.fromDocument(perMinute.toDocument())); // as stored and read back
        }
        Arrays.sort(all);
        for (double p : new double[] {50, 95, 99, 99.9}) {
            long exact = all[(int) Math.ceil(p / 100 * all.length) - 1];
            assertThat((double) merged.percentileMicros(p))
                    .as("p%s", p)
                    .isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1));
        }
        assertThat(merged.calls()).isEqualTo(60_000);
        assertThat(merged.maxMicros()).isEqualTo(all[all.length - 1]);
    }
}
