package io.outrider.topology.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRollupTest {

    private static MessageTree tree(String id, String url, long micros, boolean withError) {
        long t = 1_700_000_000_000L;
        List<Message> children = withError
                ? List.of(
                        Message.transaction(t, "SQL", "OrderMapper.select", "0", "", 1_500_000, List.of()),
                        Message.leaf(MessageKind.EVENT, t, "Error", "java.lang.IllegalStateException", "ERROR", "boom"))
                : List.of(Message.leaf(MessageKind.EVENT, t, "URL.Method", "GET", "0", ""));
        return new MessageTree(
                "order-service",
                "h",
                "10.0.0.1",
                "g",
                "1",
                "t",
                id,
                null,
                null,
                Message.transaction(t, "URL", url, withError ? "ERROR" : "0", "", micros, children));
    }

    @Test
    void transactionsEventsAndProblemsAreCountedAndSurviveStorage() {
        ReportRollup rollup = new ReportRollup();
        ReportRollup.Rows rows = (ReportRollup.Rows) rollup.empty();
        rows.add(tree("a", "/orders", 2_000, false));
        rows.add(tree("b", "/orders", 4_000, false));
        rows.add(tree("c", "/orders", 1_200_000, true));

        ReportRollup.Rows stored = (ReportRollup.Rows) rollup.read(rows.entries());

        var url = stored.transactions().get(new ReportRollup.Key("transaction", "order-service", "URL", "/orders"));
        assertThat(url.calls()).isEqualTo(3);
        assertThat(url.failures()).isEqualTo(1);
        assertThat(url.minMicros()).isEqualTo(2_000);
        assertThat(url.maxMicros()).isEqualTo(1_200_000);
        assertThat(stored.events().get(new ReportRollup.Key("event", "order-service", "URL.Method", "GET")))
                .containsExactly(2, 0);
        assertThat(stored.problems().keySet())
                .extracting(ReportRollup.Key::type, ReportRollup.Key::name)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("failure", "URL:/orders"),
                        org.assertj.core.groups.Tuple.tuple("long-url", "URL:/orders"),
                        org.assertj.core.groups.Tuple.tuple("long-sql", "SQL:OrderMapper.select"),
                        org.assertj.core.groups.Tuple.tuple("error", "java.lang.IllegalStateException"));
        assertThat(stored.problems()
                        .get(new ReportRollup.Key(
                                "problem", "order-service", "error", "java.lang.IllegalStateException"))
                        .sample())
                .isEqualTo("c");
        assertThat(stored.services()).containsExactly("order-service");
    }

    @Test
    void aServiceInventingNamesIsCappedUnderOther() {
        ReportRollup.Rows rows = (ReportRollup.Rows) new ReportRollup().empty();
        for (int i = 0; i < ReportRollup.MAX_KEYS + 500; i++)
            rows.add(tree("m" + i, "/orders/" + i + "x", 1000, false));

        long named = rows.transactions().keySet().stream()
                .filter(k -> k.type().equals("URL") && !k.name().equals(ReportRollup.OTHER))
                .count();
        var other = rows.transactions()
                .get(new ReportRollup.Key("transaction", "order-service", "URL", ReportRollup.OTHER));
        assertThat(named).isEqualTo(ReportRollup.MAX_KEYS);
        assertThat(other.calls()).isEqualTo(500);
    }

    @Test
    void heartbeatsKeepTheLatestFigureOfEachInstanceAndBusinessMetricsAddUp() {
        long t = 1_700_000_000_000L;
        String status = "<?xml version=\"1.0\" encoding=\"utf-8\"?><status><memory heap-usage=\"%d\" max=\"2000\"/>"
                + "<thread count=\"42\"/><os system-load-average=\"1.5\"/>"
                + "<extension id=\"System\"><extensionDetail id=\"LoadAverage\" value=\"1.5\"/></extension></status>";
        ReportRollup rollup = new ReportRollup();
        ReportRollup.Rows rows = (ReportRollup.Rows) rollup.empty();
        for (int i = 0; i < 2; i++)
            rows.add(new MessageTree(
                    "order-service",
                    "h",
                    "10.0.0.7",
                    "g",
                    "1",
                    "t",
                    "hb" + i,
                    null,
                    null,
                    Message.transaction(
                            t + i * 1000,
                            "System",
                            "Status",
                            "0",
                            "",
                            10,
                            List.of(Message.leaf(
                                    MessageKind.HEARTBEAT,
                                    t + i * 1000,
                                    "Heartbeat",
                                    "10.0.0.7",
                                    "0",
                                    status.formatted(1000 + i))))));
        rows.add(new MessageTree(
                "order-service",
                "h",
                "10.0.0.7",
                "g",
                "1",
                "t",
                "biz",
                null,
                null,
                Message.transaction(
                        t,
                        "URL",
                        "/orders",
                        "0",
                        "",
                        10,
                        List.of(
                                Message.leaf(MessageKind.METRIC, t, "", "order.amount", "S,C", "3,100.25"),
                                Message.leaf(MessageKind.METRIC, t, "", "order.amount", "S,C", "1,20.00")))));

        ReportRollup.Rows stored = (ReportRollup.Rows) rollup.read(rows.entries());

        double[] heap = stored.heartbeats()
                .get(new ReportRollup.Key("heartbeat", "order-service", "10.0.0.7", "jvm_heap_used_bytes"));
        assertThat(heap[0]).isEqualTo(1001);
        assertThat(stored.heartbeats())
                .containsKey(new ReportRollup.Key(
                        "heartbeat",
                        "order-service",
                        "10.0.0.7",
                        "cat_heartbeat{detail=LoadAverage,extension=System}"));
        assertThat(stored.business().get(new ReportRollup.Key("business", "order-service", "metric", "order.amount")))
                .containsExactly(4, 120.25, 0);
    }
}
