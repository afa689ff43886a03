package io.outrider.collector.cat.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.collector.cat.codec.CatFrameDecoder;
import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizeTest {

    private static MessageTree frame(String name) throws Exception {
        try (InputStream in = NormalizeTest.class.getResourceAsStream("/cat-vectors/" + name)) {
            byte[] bytes = in.readAllBytes();
            return new CatFrameDecoder(DecodeLimits.DEFAULT).decode(ByteBuffer.wrap(bytes, 4, bytes.length - 4));
        }
    }

    @Test
    void urlNamesLoseIdsAndQueries() {
        assertThat(UrlNames.normalize("/api/dispatch/order/123")).isEqualTo("/api/dispatch/order/{num}");
        assertThat(UrlNames.normalize("/orders/9f86d081884c7d65/cancel?x=1")).isEqualTo("/orders/{num}/cancel");
        assertThat(UrlNames.normalize("/orders/open")).isEqualTo("/orders/open");
        assertThat(UrlNames.normalize("/")).isEqualTo("/");
        assertThat(UrlNames.normalize("select")).isEqualTo("select");
    }

    private static Message metric(String kind, String data) {
        return Message.leaf(MessageKind.METRIC, 1, "", "order.amount", kind, data);
    }

    @Test
    void businessMetricsParseInAnyLocale() {
        assertThat(BusinessMetric.of(metric("C", "1"))).isEqualTo(new BusinessMetric("order.amount", "count", 1, 1));
        assertThat(BusinessMetric.of(metric("C", "5")).count()).isEqualTo(5);
        assertThat(BusinessMetric.of(metric("T", "250")).value()).isEqualTo(250);
        assertThat(BusinessMetric.of(metric("S", "12.50")).value()).isEqualTo(12.5);
        assertThat(BusinessMetric.of(metric("S", "12,50")).value()).isEqualTo(12.5);
        assertThat(BusinessMetric.of(metric("S,C", "3,100.25")))
                .isEqualTo(new BusinessMetric("order.amount", "sum_count", 3, 100.25));
        assertThat(BusinessMetric.of(metric("S,C", "3,100,25")))
                .isEqualTo(new BusinessMetric("order.amount", "sum_count", 3, 100.25));
        assertThatThrownBy(() -> BusinessMetric.of(metric("Q", "1")))
                .hasMessage("unknown metric kind Q of order.amount");
        assertThatThrownBy(() -> BusinessMetric.of(metric("C", "many"))).hasMessageContaining("not a number: many");
    }

    @Test
    void aMergeTreeBecomesOneTreePerChild() throws Exception {
        MessageTree merged = frame("run25_frame0004.bin");

        List<MessageTree> trees = MergeTrees.unwrap(merged);

        assertThat(trees).hasSize(2);
        assertThat(trees.get(0).root().type()).isEqualTo("Standalone");
        assertThat(trees.get(0).messageId()).isEqualTo(merged.messageId() + "#0");
        assertThat(trees.get(1).root().name()).isEqualTo("standalone.metric");
        assertThat(trees.get(1).root().timestampMillis())
                .isLessThan(merged.root().timestampMillis());
        MessageTree plain = frame("run25_frame0001.bin");
        assertThat(MergeTrees.unwrap(plain)).containsExactly(plain);
    }

    @Test
    void aHeartbeatBecomesMetricPoints() throws Exception {
        MessageTree status = frame("run25_frame0003.bin");

        List<String> problems = new java.util.ArrayList<>();
        List<MetricPoint> points = TreeMetrics.points(status, problems::add);
        assertThat(problems).isEmpty();

        assertThat(points).isNotEmpty();
        assertThat(points)
                .anyMatch(p -> p.name().equals("jvm_heap_used_bytes")
                        && p.value() > 0
                        && p.labels().get("domain").equals(status.domain()));
        assertThat(points).anyMatch(p -> p.name().equals("jvm_threads") && p.value() > 0);
        assertThat(points)
                .anyMatch(p -> p.name().equals("cat_heartbeat")
                        && p.labels().get("extension").equals("System")
                        && p.labels().get("detail").equals("LoadAverage"));
        assertThat(points).anyMatch(p -> p.name().equals("jvm_gc_count"));
    }

    @Test
    void hostileOrBrokenStatusXmlIsRefused() {
        String entity =
                "<?xml version=\"1.0\"?><!DOCTYPE status [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><status>&x;</status>";
        assertThatThrownBy(() -> HeartbeatStatus.parse("d", "1.2.3.4", 1, entity))
                .hasMessageContaining("not well-formed status XML");
        assertThatThrownBy(() -> HeartbeatStatus.parse("d", "1.2.3.4", 1, "<?xml version=\"1.0\"?><status"))
                .hasMessageContaining("not well-formed");
    }

    @Test
    void businessMetricsBecomePointsAndBrokenOnesAreReported() {
        Message root = Message.transaction(
                1000,
                "URL",
                "/order",
                "0",
                "",
                10,
                List.of(
                        Message.leaf(
                                io.outrider.core.trace.MessageKind.METRIC, 1001, "", "order.amount", "S,C", "3,100.25"),
                        Message.leaf(io.outrider.core.trace.MessageKind.METRIC, 1002, "", "order.count", "C", "2"),
                        Message.leaf(io.outrider.core.trace.MessageKind.METRIC, 1003, "", "order.broken", "T", "slow"),
                        Message.leaf(
                                io.outrider.core.trace.MessageKind.HEARTBEAT,
                                1004,
                                "Heartbeat",
                                "h",
                                "0",
                                "<?xml version=\"1.0\"?><status")));
        MessageTree tree =
                new MessageTree("order", "host", "10.0.0.1", "g", "1", "t", "order-0a000001-1-1", null, null, root);
        List<String> problems = new java.util.ArrayList<>();

        List<MetricPoint> points = TreeMetrics.points(tree, problems::add);

        assertThat(points)
                .extracting(p -> p.name() + "{" + p.labels().get("metric") + "}=" + p.value())
                .containsExactly(
                        "cat_metric_count{order.amount}=3.0",
                        "cat_metric_sum{order.amount}=100.25",
                        "cat_metric_count{order.count}=2.0");
        assertThat(points.getFirst().labels()).containsEntry("domain", "order").containsEntry("ip", "10.0.0.1");
        assertThat(problems)
                .hasSize(2)
                .anyMatch(p -> p.contains("order.broken"))
                .anyMatch(p -> p.contains("status XML"));
    }
}
