package io.outrider.alert.alertmanager;

import io.outrider.core.alert.Alert;
import io.outrider.core.alert.Fingerprint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Alertmanager's webhook payload (version 4: {@code {"version", "status", "receiver", "groupLabels",
 * "commonLabels", "alerts": [{"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL",
 * "fingerprint"}]}}) into Outrider alert events, so that Prometheus users can send their alerts in. The labels are
 * kept; an alert without {@code service} gets the value of its {@code job} as {@code service}, so that it
 * correlates with the topology. The fingerprint is Outrider's (the hash of the labels); Alertmanager's is kept in
 * the annotation {@code alertmanager_fingerprint}. Alerts that cannot be read are listed with the reason; the
 * others are still accepted.
 */
public final class AlertmanagerWebhook {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Alertmanager's "no end yet". */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** The alerts read and, by index in the payload, why the others were not. */
    public record Received(List<Alert> alerts, List<String> rejected, String receiver) {}

    private AlertmanagerWebhook() {}

    /** Reads a payload; throws {@link IllegalArgumentException} when it is not one at all. */
    public static Received read(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the body is not a JSON object");
        JsonNode version = root.get("version");
        if (version != null && !"4".equals(version.asString("")))
            throw new IllegalArgumentException("webhook payload version " + version + " is not supported (expected 4)");
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray())
            throw new IllegalArgumentException("the payload has no alerts list: is this an Alertmanager webhook?");
        String receiver = root.hasNonNull("receiver") ? root.get("receiver").asString("") : "";
        List<Alert> read = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            try {
                read.add(alert(alerts.get(i)));
            } catch (IllegalArgumentException e) {
                rejected.add("alerts[" + i + "]: " + e.getMessage());
            }
        }
        return new Received(read, rejected, receiver);
    }

    private static Alert alert(JsonNode node) {
        if (!node.isObject()) throw new IllegalArgumentException("not an object");
        TreeMap<String, String> labels = strings(node, "labels");
        if (!labels.containsKey("alertname")) throw new IllegalArgumentException("no alertname label");
        if (!labels.containsKey("service") && labels.containsKey("job")) labels.put("service", labels.get("job"));
        TreeMap<String, String> annotations = strings(node, "annotations");
        String fingerprint = text(node, "fingerprint");
        if (fingerprint != null) annotations.put("alertmanager_fingerprint", fingerprint);
        String status = text(node, "status");
        Instant startsAt = time(node, "startsAt");
        if (startsAt == null) throw new IllegalArgumentException("no startsAt");
        Instant endsAt = time(node, "endsAt");
        String generator = text(node, "generatorURL");
        Alert.Status parsed = switch (status == null ? "" : status) {
            case "firing" -> Alert.Status.FIRING;
            case "resolved" -> Alert.Status.RESOLVED;
            default -> throw new IllegalArgumentException("status must be firing or resolved, not " + status);
        };
        if (parsed == Alert.Status.RESOLVED && endsAt == null)
            throw new IllegalArgumentException("a resolved alert needs endsAt");
        return new Alert(
                Fingerprint.of(labels),
                parsed,
                labels,
                annotations,
                startsAt,
                parsed == Alert.Status.RESOLVED ? endsAt : null,
                "alertmanager",
                generator != null ? generator : "");
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isString()) throw new IllegalArgumentException(field + " is not a string");
        return value.asString();
    }

    private static @Nullable Instant time(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isEmpty()) return null;
        try {
            Instant instant = java.time.OffsetDateTime.parse(text).toInstant();
            return instant.equals(ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an RFC 3339 time: " + text);
        }
    }

    private static TreeMap<String, String> strings(JsonNode node, String field) {
        TreeMap<String, String> map = new TreeMap<>();
        JsonNode object = node.get(field);
        if (object == null || object.isNull()) return map;
        if (!object.isObject()) throw new IllegalArgumentException(field + " is not an object");
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!entry.getValue().isString())
                throw new IllegalArgumentException(field + "." + entry.getKey() + " is not a string");
            map.put(entry.getKey(), entry.getValue().asString());
        }
        return map;
    }
}
