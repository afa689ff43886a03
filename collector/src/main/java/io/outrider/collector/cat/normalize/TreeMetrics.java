package io.outrider.collector.cat.normalize;

import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The metric points a CAT tree carries: its heartbeats' status XML (see {@link HeartbeatStatus}) and its business
 * metrics as {@code cat_metric_count}, {@code cat_metric_sum} and {@code cat_metric_duration_ms}, labelled with
 * {@code domain}, {@code ip} and {@code metric}. A metric or heartbeat that cannot be read is reported to
 * {@code problems} and skipped; the tree itself is still good.
 */
public final class TreeMetrics {

    private TreeMetrics() {}

    public static List<MetricPoint> points(MessageTree tree, Consumer<String> problems) {
        List<MetricPoint> points = new ArrayList<>();
        collect(tree, tree.root(), points, problems);
        return points;
    }

    private static void collect(
            MessageTree tree, Message message, List<MetricPoint> points, Consumer<String> problems) {
        try {
            if (message.kind() == MessageKind.HEARTBEAT && message.data().startsWith("<?xml")) {
                points.addAll(HeartbeatStatus.parse(
                        tree.domain(), tree.ipAddress(), message.timestampMillis(), message.data()));
            } else if (message.kind() == MessageKind.METRIC) {
                business(tree, message, points);
            }
        } catch (IllegalArgumentException unreadable) {
            problems.accept(unreadable.getMessage());
        }
        for (Message child : message.children()) collect(tree, child, points, problems);
    }

    private static void business(MessageTree tree, Message message, List<MetricPoint> points) {
        BusinessMetric metric = BusinessMetric.of(message);
        Map<String, String> labels = Map.of("domain", tree.domain(), "ip", tree.ipAddress(), "metric", metric.name());
        long ts = message.timestampMillis();
        points.add(MetricPoint.of("cat_metric_count", labels, ts, metric.count()));
        switch (metric.kind()) {
            case "sum", "sum_count" -> points.add(MetricPoint.of("cat_metric_sum", labels, ts, metric.value()));
            case "duration" -> points.add(MetricPoint.of("cat_metric_duration_ms", labels, ts, metric.value()));
            default -> {}
        }
    }
}
