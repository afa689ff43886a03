package io.outrider.core.metric;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A metric point as the JSON record of {@code outrider.metrics}:
 * {@code {"name":"…","labels":{"k":"v"},"ts":epochMillis,"value":1.5}}. Infinite values are written as the strings
 * {@code "+Inf"} and {@code "-Inf"} (JSON has no infinity).
 */
public final class MetricPointJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MetricPointJson() {}

    public static byte[] encode(MetricPoint point) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", point.name());
        ObjectNode labels = node.putObject("labels");
        point.labels().forEach(labels::put);
        node.put("ts", point.timestampMillis());
        double value = point.value();
        if (Double.isInfinite(value)) node.put("value", value > 0 ? "+Inf" : "-Inf");
        else node.put("value", value);
        return JSON.writeValueAsBytes(node);
    }

    /** Reads a record; throws {@link IllegalArgumentException} naming what is wrong. */
    public static MetricPoint decode(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("metric point is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException("metric point is not a JSON object");
        JsonNode name = node.get("name");
        JsonNode ts = node.get("ts");
        JsonNode value = node.get("value");
        if (name == null || !name.isString()) throw new IllegalArgumentException("metric point has no name");
        if (ts == null || !ts.canConvertToLong()) throw new IllegalArgumentException("metric point has no ts");
        if (value == null) throw new IllegalArgumentException("metric point has no value");
        Map<String, String> labels = new TreeMap<>();
        JsonNode labelNode = node.get("labels");
        if (labelNode != null) {
            if (!labelNode.isObject()) throw new IllegalArgumentException("labels of a metric point must be an object");
            for (Map.Entry<String, JsonNode> label : labelNode.properties()) {
                if (!label.getValue().isString())
                    throw new IllegalArgumentException("label " + label.getKey() + " is not a string");
                labels.put(label.getKey(), label.getValue().asString());
            }
        }
        double number = switch (value.isString() ? value.asString() : "") {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!value.isNumber())
                    throw new IllegalArgumentException("value of " + name.asString() + " is not a number");
                yield value.asDouble();
            }
        };
        return MetricPoint.of(name.asString(), labels, ts.asLong(), number);
    }
}
