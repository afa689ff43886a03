package io.outrider.alert.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.outrider.core.alert.Alert;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The alert history in Elasticsearch: one document per occurrence of an alert (its fingerprint and start), in the
 * monthly index of its start; the resolved event overwrites the firing one, so a document says how it ended.
 */
public final class AlertHistory {

    public static final String INDEX_PREFIX = "outrider-alerts-";
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient elasticsearch;

    public AlertHistory(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-alerts", List.of(INDEX_PREFIX + "*"), 100, AlertHistory.class, "alerts-template.json");
    }

    public static String index(Instant startsAt) {
        return INDEX_PREFIX + MONTH.format(startsAt);
    }

    /** Writes the events; a resolved event replaces the firing one of the same occurrence. */
    public void write(List<Alert> alerts) throws IOException {
        if (alerts.isEmpty()) return;
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (Alert alert : alerts) {
            Map<String, Object> doc = document(alert);
            bulk.operations(op -> op.index(i ->
                    i.index(index(alert.startsAt())).id(alert.occurrenceId()).document(doc)));
        }
        BulkResponse response = elasticsearch.bulk(bulk.build());
        if (response.errors()) {
            String reason = response.items().stream()
                    .filter(item -> item.error() != null)
                    .map(item -> String.valueOf(item.error().reason()))
                    .findFirst()
                    .orElse("unknown");
            throw new IOException("Elasticsearch refused alert events: " + reason);
        }
    }

    static Map<String, Object> document(Alert alert) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("fingerprint", alert.fingerprint());
        doc.put("status", alert.status().wire());
        doc.put("labels", alert.labels());
        doc.put("annotations", alert.annotations());
        doc.put("summary", alert.annotations().getOrDefault("summary", ""));
        doc.put("startsAt", alert.startsAt().toString());
        if (alert.endsAt() != null) doc.put("endsAt", String.valueOf(alert.endsAt()));
        doc.put("generatorURL", alert.generatorUrl());
        doc.put("source", alert.source());
        doc.put("unit", alert.unit());
        return doc;
    }

    /**
     * The latest occurrences, newest first, optionally only those with this label value or status.
     *
     * @param labels label filters (e.g. service=order-service), all must match
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> search(
            Map<String, String> labels, @Nullable String status, Instant since, int size) throws IOException {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.range(r -> r.date(d -> d.field("startsAt").gte(since.toString())))));
        labels.forEach((name, value) ->
                filters.add(Query.of(q -> q.term(t -> t.field("labels." + name).value(value)))));
        if (status != null)
            filters.add(Query.of(q -> q.term(t -> t.field("status").value(status))));
        var hits = elasticsearch
                .search(
                        s -> s.index(INDEX_PREFIX + "*")
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(size)
                                .query(q -> q.bool(b -> b.filter(filters)))
                                .sort(o -> o.field(f -> f.field("startsAt").order(SortOrder.Desc))),
                        Map.class)
                .hits()
                .hits();
        List<Map<String, Object>> result = new ArrayList<>();
        for (var hit : hits) if (hit.source() != null) result.add((Map<String, Object>) hit.source());
        return result;
    }
}
