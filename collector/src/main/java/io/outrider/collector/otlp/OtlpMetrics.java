package io.outrider.collector.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.outrider.core.metric.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * OTLP metrics as metric points, named the way Prometheus names them: dots and other characters outside
 * {@code [a-zA-Z0-9_:]} become {@code _}; the resource's {@code service.name} becomes the {@code service} label
 * (and {@code service.instance.id} the {@code instance} label) beside the point's own attributes. Gauges and sums
 * give one point each; histograms give {@code _count}, {@code _sum} and cumulative {@code _bucket{le}} points;
 * exponential histograms {@code _count} and {@code _sum}; summaries {@code _count}, {@code _sum} and
 * {@code {quantile}}. Points without a value (NaN, or flagged "no recorded value") are skipped and counted.
 */
public final class OtlpMetrics {

    private OtlpMetrics() {}

    /** @param skipped data points that carried no usable value */
    public record Result(
            List<MetricPoint> points,
            int dataPoints,
            int skipped,
            @Nullable String problem) {}

    public static Result points(ExportMetricsServiceRequest request, long nowMillis) {
        Collector out = new Collector(nowMillis);
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            Map<String, String> base = new TreeMap<>();
            List<KeyValue> attributes = resource.getResource().getAttributesList();
            String service = OtlpAttributes.get(attributes, "service.name");
            base.put("service", service == null || service.isBlank() ? "unknown_service" : service);
            String instance = OtlpAttributes.get(attributes, "service.instance.id");
            if (instance != null) base.put("instance", instance);
            for (ScopeMetrics scope : resource.getScopeMetricsList())
                for (Metric metric : scope.getMetricsList()) out.metric(metric, base);
        }
        return new Result(out.points, out.dataPoints, out.skipped, out.problem);
    }

    /** A Prometheus-style name: {@code http.server.duration} becomes {@code http_server_duration}. */
    static String name(String otlpName) {
        StringBuilder out = new StringBuilder(otlpName.length());
        for (int i = 0; i < otlpName.length(); i++) {
            char c = otlpName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    private static final class Collector {
        final long nowMillis;
        final List<MetricPoint> points = new ArrayList<>();
        int dataPoints;
        int skipped;

        @Nullable
        String problem;

        Collector(long nowMillis) {
            this.nowMillis = nowMillis;
        }

        void metric(Metric metric, Map<String, String> base) {
            String name = name(metric.getName());
            switch (metric.getDataCase()) {
                case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> number(name, p, base));
                case SUM -> metric.getSum().getDataPointsList().forEach(p -> number(name, p, base));
                case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(p -> histogram(name, p, base));
                case EXPONENTIAL_HISTOGRAM ->
                    metric.getExponentialHistogram().getDataPointsList().forEach(p -> exponential(name, p, base));
                case SUMMARY -> metric.getSummary().getDataPointsList().forEach(p -> summary(name, p, base));
                default -> skip("metric " + metric.getName() + " has no data");
            }
        }

        private void number(String name, NumberDataPoint p, Map<String, String> base) {
            dataPoints++;
            if (noValue(p.getFlags())) return;
            double value = switch (p.getValueCase()) {
                case AS_DOUBLE -> p.getAsDouble();
                case AS_INT -> p.getAsInt();
                default -> Double.NaN;
            };
            add(name, labels(base, p.getAttributesList()), p.getTimeUnixNano(), value);
        }

        private void histogram(String name, HistogramDataPoint p, Map<String, String> base) {
            dataPoints++;
            if (noValue(p.getFlags())) return;
            Map<String, String> labels = labels(base, p.getAttributesList());
            long ts = p.getTimeUnixNano();
            add(name + "_count", labels, ts, p.getCount());
            if (p.hasSum()) add(name + "_sum", labels, ts, p.getSum());
            long cumulative = 0;
            for (int i = 0; i < p.getBucketCountsCount(); i++) {
                cumulative += p.getBucketCounts(i);
                String le = i < p.getExplicitBoundsCount() ? format(p.getExplicitBounds(i)) : "+Inf";
                Map<String, String> bucket = new TreeMap<>(labels);
                bucket.put("le", le);
                add(name + "_bucket", bucket, ts, cumulative);
            }
        }

        private void exponential(String name, ExponentialHistogramDataPoint p, Map<String, String> base) {
            dataPoints++;
            if (noValue(p.getFlags())) return;
            Map<String, String> labels = labels(base, p.getAttributesList());
            add(name + "_count", labels, p.getTimeUnixNano(), p.getCount());
            if (p.hasSum()) add(name + "_sum", labels, p.getTimeUnixNano(), p.getSum());
        }

        private void summary(String name, SummaryDataPoint p, Map<String, String> base) {
            dataPoints++;
            if (noValue(p.getFlags())) return;
            Map<String, String> labels = labels(base, p.getAttributesList());
            long ts = p.getTimeUnixNano();
            add(name + "_count", labels, ts, p.getCount());
            add(name + "_sum", labels, ts, p.getSum());
            for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
                Map<String, String> quantile = new TreeMap<>(labels);
                quantile.put("quantile", format(q.getQuantile()));
                add(name, quantile, ts, q.getValue());
            }
        }

        private boolean noValue(int flags) {
            if ((flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) == 0) return false;
            skipped++;
            return true;
        }

        private void add(String name, Map<String, String> labels, long unixNano, double value) {
            if (Double.isNaN(value)) {
                skip("metric " + name + " has a point without a value");
                return;
            }
            long ts = unixNano == 0 ? nowMillis : OtlpTraces.millis(unixNano);
            points.add(MetricPoint.of(name, labels, ts, value));
        }

        private void skip(String why) {
            skipped++;
            if (problem == null) problem = why;
        }
    }

    private static Map<String, String> labels(Map<String, String> base, List<KeyValue> attributes) {
        Map<String, String> labels = new TreeMap<>(base);
        for (KeyValue kv : attributes)
            if (!kv.getKey().isEmpty()) labels.put(name(kv.getKey()), OtlpAttributes.text(kv.getValue()));
        return labels;
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return Double.toString(value);
    }
}
