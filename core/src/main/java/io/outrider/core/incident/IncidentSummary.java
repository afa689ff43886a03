package io.outrider.core.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a list of incidents shows of each (the inbox): no alerts, timeline or evidence, so a thousand of them read
 * and render fast. Stored incidents carry the fields ({@link #FIELDS}) to read it without the rest.
 *
 * @param title the names of its alerts, the most frequent first
 * @param rootCause the most likely root cause, or null
 */
public record IncidentSummary(
        String id,
        IncidentStatus status,
        String severity,
        String unit,
        SortedSet<String> services,
        int alertCount,
        String title,
        Instant openedAt,
        Instant updatedAt,
        @Nullable String assignee,
        @Nullable Instant snoozedUntil,
        @Nullable String rootCause) {

    /** The stored fields a summary is read from. */
    public static final List<String> FIELDS = List.of(
            "id",
            "status",
            "severity",
            "unit",
            "services",
            "alertCount",
            "title",
            "openedAt",
            "updatedAt",
            "assignee",
            "snoozedUntil",
            "rootCause.top");

    public IncidentSummary {
        Objects.requireNonNull(id, "id");
        services = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(services));
    }

    public static IncidentSummary of(Incident incident) {
        RootCause cause = incident.rootCause();
        return new IncidentSummary(
                incident.id(),
                incident.status(),
                incident.severity(),
                incident.unit(),
                incident.services(),
                incident.alertCount(),
                title(incident),
                incident.openedAt(),
                incident.updatedAt(),
                incident.assignee(),
                incident.snoozedUntil(),
                cause == null ? null : cause.top());
    }

    /** Up to four alert names by how often they fired, "and N more" for the rest. */
    public static String title(Incident incident) {
        Map<String, Integer> names = new HashMap<>();
        for (Incident.AlertEntry entry : incident.alerts().values())
            names.merge(entry.labels().getOrDefault("alertname", "alert"), entry.count(), Integer::sum);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(names.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < Math.min(4, sorted.size()); i++)
            title.append(i == 0 ? "" : ", ").append(sorted.get(i).getKey());
        if (sorted.size() > 4) title.append(" and ").append(sorted.size() - 4).append(" more");
        return title.isEmpty() ? "incident" : title.toString();
    }

    /** A summary from the stored fields (an incident stored before titles were: "incident"). */
    public static IncidentSummary fromNode(JsonNode node) {
        TreeSet<String> services = new TreeSet<>();
        for (JsonNode s : node.path("services")) services.add(s.asString());
        JsonNode top = node.path("rootCause").path("top");
        return new IncidentSummary(
                node.path("id").asString(),
                IncidentStatus.valueOf(node.path("status").asString().toUpperCase(java.util.Locale.ROOT)),
                node.path("severity").asString("info"),
                node.path("unit").asString(""),
                services,
                node.path("alertCount").asInt(),
                node.path("title").asString("incident"),
                Instant.parse(node.path("openedAt").asString()),
                Instant.parse(node.path("updatedAt").asString()),
                node.hasNonNull("assignee") ? node.get("assignee").asString() : null,
                node.hasNonNull("snoozedUntil")
                        ? Instant.parse(node.get("snoozedUntil").asString())
                        : null,
                top.isString() ? top.asString() : null);
    }
}
