package io.outrider.core.incident;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link Incident} as JSON: the document of {@code outrider-incidents} and the record of
 * {@code outrider.incidents} ({@code {"id", "status", "severity", "unit", "services", "alerts": {fingerprint:
 * {labels, count, firstSeen, lastSeen, firing}}, "openedAt", "updatedAt", "mergedInto"?, "assignee"?, "snoozedUntil"?, "timeline": [{at, kind,
 * text}], "rootCause"?: {rankedAt, top, ranking: [{service, score, evidence: [{series, deviation, since, baseline,
 * observed}]}]}, "impact"?: {measuredAt, kpis: [{name, baseline, during, deltaPercent}]}}, times in ISO-8601).
 */
public final class IncidentJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IncidentJson() {}

    public static ObjectNode toNode(Incident incident) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", incident.id());
        node.put("status", incident.status().wire());
        node.put("severity", incident.severity());
        node.put("unit", incident.unit());
        ArrayNode services = node.putArray("services");
        incident.services().forEach(services::add);
        ObjectNode alerts = node.putObject("alerts");
        incident.alerts().forEach((fingerprint, entry) -> {
            ObjectNode a = alerts.putObject(fingerprint);
            ObjectNode labels = a.putObject("labels");
            entry.labels().forEach(labels::put);
            a.put("count", entry.count());
            a.put("firstSeen", entry.firstSeen().toString());
            a.put("lastSeen", entry.lastSeen().toString());
            a.put("firing", entry.firing());
        });
        node.put("alertCount", incident.alertCount());
        node.put("title", IncidentSummary.title(incident)); // for lists, which read no alerts
        node.put("openedAt", incident.openedAt().toString());
        node.put("updatedAt", incident.updatedAt().toString());
        if (incident.mergedInto() != null) node.put("mergedInto", incident.mergedInto());
        if (incident.assignee() != null) node.put("assignee", incident.assignee());
        if (incident.snoozedUntil() != null)
            node.put("snoozedUntil", incident.snoozedUntil().toString());
        ArrayNode timeline = node.putArray("timeline");
        for (Incident.TimelineEntry e : incident.timeline()) {
            ObjectNode t = timeline.addObject();
            t.put("at", e.at().toString());
            t.put("kind", e.kind());
            t.put("text", e.text());
        }
        RootCause rootCause = incident.rootCause();
        if (rootCause != null) {
            ObjectNode r = node.putObject("rootCause");
            r.put("rankedAt", rootCause.rankedAt().toString());
            if (rootCause.top() != null) r.put("top", rootCause.top());
            ArrayNode ranking = r.putArray("ranking");
            for (RootCause.Suspect suspect : rootCause.ranking()) {
                ObjectNode s = ranking.addObject();
                s.put("service", suspect.service());
                s.put("score", suspect.score());
                ArrayNode evidence = s.putArray("evidence");
                for (RootCause.Evidence e : suspect.evidence()) {
                    ObjectNode v = evidence.addObject();
                    v.put("series", e.series());
                    v.put("deviation", e.deviation());
                    v.put("since", Instant.ofEpochMilli(e.sinceMillis()).toString());
                    v.put("baseline", e.baseline());
                    v.put("observed", e.observed());
                }
            }
        }
        Impact impact = incident.impact();
        if (impact != null) {
            ObjectNode i = node.putObject("impact");
            i.put("measuredAt", impact.measuredAt().toString());
            ArrayNode kpis = i.putArray("kpis");
            for (Impact.Kpi kpi : impact.kpis()) {
                ObjectNode k = kpis.addObject();
                k.put("name", kpi.name());
                k.put("baseline", kpi.baseline());
                k.put("during", kpi.during());
                k.put("deltaPercent", kpi.deltaPercent());
            }
        }
        return node;
    }

    public static byte[] encode(Incident incident) {
        return JSON.writeValueAsBytes(toNode(incident));
    }

    /** Reads an incident; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Incident decode(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("incident is not JSON: " + e.getOriginalMessage(), e);
        }
        return fromNode(node);
    }

    public static Incident fromNode(JsonNode node) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException("incident is not a JSON object");
        IncidentStatus status;
        try {
            status = IncidentStatus.valueOf(text(node, "status").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("incident status is not one of the lifecycle's: " + node.get("status"));
        }
        TreeSet<String> services = new TreeSet<>();
        for (JsonNode s : node.path("services")) services.add(s.asString());
        TreeMap<String, Incident.AlertEntry> alerts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.path("alerts").properties()) {
            JsonNode a = e.getValue();
            TreeMap<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> l : a.path("labels").properties())
                labels.put(l.getKey(), l.getValue().asString());
            alerts.put(
                    e.getKey(),
                    new Incident.AlertEntry(
                            labels,
                            a.path("count").asInt(),
                            time(a, "firstSeen"),
                            time(a, "lastSeen"),
                            a.path("firing").asBoolean()));
        }
        List<Incident.TimelineEntry> timeline = new ArrayList<>();
        for (JsonNode t : node.path("timeline"))
            timeline.add(new Incident.TimelineEntry(time(t, "at"), text(t, "kind"), text(t, "text")));
        return new Incident(
                text(node, "id"),
                status,
                text(node, "severity"),
                text(node, "unit"),
                services,
                alerts,
                time(node, "openedAt"),
                time(node, "updatedAt"),
                node.hasNonNull("mergedInto") ? node.get("mergedInto").asString() : null,
                timeline,
                node.hasNonNull("rootCause") ? rootCause(node.get("rootCause")) : null,
                node.hasNonNull("impact") ? impact(node.get("impact")) : null,
                node.hasNonNull("assignee") ? node.get("assignee").asString() : null,
                node.hasNonNull("snoozedUntil")
                        ? Instant.parse(node.get("snoozedUntil").asString())
                        : null);
    }

    private static Impact impact(JsonNode node) {
        List<Impact.Kpi> kpis = new ArrayList<>();
        for (JsonNode k : node.path("kpis"))
            kpis.add(new Impact.Kpi(
                    text(k, "name"),
                    k.path("baseline").asDouble(),
                    k.path("during").asDouble()));
        return new Impact(time(node, "measuredAt"), kpis);
    }

    private static RootCause rootCause(JsonNode node) {
        List<RootCause.Suspect> ranking = new ArrayList<>();
        for (JsonNode s : node.path("ranking")) {
            List<RootCause.Evidence> evidence = new ArrayList<>();
            for (JsonNode e : s.path("evidence"))
                evidence.add(new RootCause.Evidence(
                        text(e, "series"),
                        e.path("deviation").asDouble(),
                        time(e, "since").toEpochMilli(),
                        e.path("baseline").asDouble(),
                        e.path("observed").asDouble()));
            ranking.add(
                    new RootCause.Suspect(text(s, "service"), s.path("score").asDouble(), evidence));
        }
        return new RootCause(time(node, "rankedAt"), ranking);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) throw new IllegalArgumentException("incident has no " + field);
        return value.asString();
    }

    private static Instant time(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("incident " + field + " is not an ISO-8601 instant");
        }
    }
}
