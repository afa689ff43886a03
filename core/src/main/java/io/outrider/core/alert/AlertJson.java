package io.outrider.core.alert;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link Alert} as the JSON record of {@code outrider.alerts} and of the {@code outrider-alerts-*} documents, with
 * Alertmanager's field names: {@code {"fingerprint", "status": "firing"|"resolved", "labels", "annotations",
 * "startsAt", "endsAt", "generatorURL", "source"}}, times in ISO-8601.
 */
public final class AlertJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AlertJson() {}

    public static ObjectNode toNode(Alert alert) {
        ObjectNode node = JSON.createObjectNode();
        node.put("fingerprint", alert.fingerprint());
        node.put("status", alert.status().wire());
        ObjectNode labels = node.putObject("labels");
        alert.labels().forEach(labels::put);
        ObjectNode annotations = node.putObject("annotations");
        alert.annotations().forEach(annotations::put);
        node.put("startsAt", alert.startsAt().toString());
        if (alert.endsAt() != null) node.put("endsAt", alert.endsAt().toString());
        node.put("generatorURL", alert.generatorUrl());
        node.put("source", alert.source());
        node.put("unit", alert.unit());
        return node;
    }

    public static byte[] encode(Alert alert) {
        return JSON.writeValueAsBytes(toNode(alert));
    }

    /** Reads a record; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Alert decode(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("alert is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException("alert is not a JSON object");
        String status = text(node, "status");
        Alert.Status parsed = switch (status) {
            case "firing" -> Alert.Status.FIRING;
            case "resolved" -> Alert.Status.RESOLVED;
            default -> throw new IllegalArgumentException("alert status must be firing or resolved, not " + status);
        };
        return new Alert(
                text(node, "fingerprint"),
                parsed,
                map(node, "labels"),
                map(node, "annotations"),
                time(node, "startsAt"),
                node.hasNonNull("endsAt") ? time(node, "endsAt") : null,
                text(node, "source"),
                node.hasNonNull("generatorURL") ? text(node, "generatorURL") : "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) throw new IllegalArgumentException("alert has no " + field);
        return value.asString();
    }

    private static Instant time(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("alert " + field + " is not an ISO-8601 instant: " + node.get(field));
        }
    }

    private static TreeMap<String, String> map(JsonNode node, String field) {
        TreeMap<String, String> result = new TreeMap<>();
        @Nullable JsonNode object = node.get(field);
        if (object == null) return result;
        if (!object.isObject()) throw new IllegalArgumentException("alert " + field + " must be an object");
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!entry.getValue().isString())
                throw new IllegalArgumentException("alert " + field + "." + entry.getKey() + " is not a string");
            result.put(entry.getKey(), entry.getValue().asString());
        }
        return result;
    }
}
