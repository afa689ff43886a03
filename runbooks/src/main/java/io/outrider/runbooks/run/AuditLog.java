package io.outrider.runbooks.run;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.SortOrder;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only record of every transition of every run — who, what, when, why, before and after — in monthly
 * {@code outrider-audit-YYYY.MM} indices (kept {@code outrider.retention.months}). Entries are only ever created.
 */
public final class AuditLog {

    public static final String PREFIX = "outrider-audit-";
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One transition. */
    public record Entry(
            Instant at,
            String runId,
            String runbookId,
            String actor,
            String what,
            String why,
            @Nullable Object before,
            @Nullable Object after) {}

    private final ElasticsearchClient elasticsearch;
    private final String prefix;

    public AuditLog(ElasticsearchClient elasticsearch) {
        this(elasticsearch, PREFIX);
    }

    public AuditLog(ElasticsearchClient elasticsearch, String prefix) {
        this.elasticsearch = elasticsearch;
        this.prefix = prefix;
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-audit", List.of(PREFIX + "*"), 100, AuditLog.class, "audit-template.json");
    }

    @SuppressWarnings("unchecked")
    public void append(Entry entry) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "runbook");
        doc.putAll(JSON.convertValue(entry, Map.class));
        elasticsearch.index(i -> i.index(prefix + MONTH.format(entry.at()))
                .id(UUID.randomUUID().toString())
                .opType(OpType.Create)
                .document(doc));
    }

    /** A run's entries, oldest first (the indices refreshed first, so the latest entries are there). */
    public List<Map<String, Object>> of(String runId) throws IOException {
        elasticsearch
                .indices()
                .refresh(r -> r.index(prefix + "*").ignoreUnavailable(true).allowNoIndices(true));
        var hits = elasticsearch
                .search(
                        s -> s.index(prefix + "*")
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(1000)
                                .query(q -> q.term(t -> t.field("runId").value(runId)))
                                .sort(o -> o.field(f -> f.field("at").order(SortOrder.Asc))),
                        Map.class)
                .hits()
                .hits();
        List<Map<String, Object>> out = new ArrayList<>();
        for (var hit : hits) if (hit.source() != null) out.add(hit.source());
        return out;
    }
}
