package io.outrider.console.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.SortOrder;
import io.outrider.runbooks.run.AuditLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The audit of what people and automation did through the API and the console: who, what (method and path), with
 * which parameters, and the answer's status. Entries go to the monthly {@code outrider-audit-*} indices next to the
 * runbook runs' own entries ({@code kind} tells them apart), and the audit page lists both.
 */
public final class ConsoleAudit {

    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient elasticsearch;
    private final Clock clock;

    public ConsoleAudit(ElasticsearchClient elasticsearch, Clock clock) {
        this.elasticsearch = elasticsearch;
        this.clock = clock;
    }

    /** One action: who did it, what (e.g. {@code POST /api/incidents/i-1/status}), its parameters, its status. */
    public void record(String actor, String what, String parameters, int status) throws IOException {
        record("api", actor, what, parameters, status);
    }

    /**
     * An entry of another kind: {@code chat} (a command from a chat platform), {@code notify} (a message to a
     * channel, sent or failed).
     */
    public void record(String kind, String actor, String what, String parameters, int status) throws IOException {
        Instant at = clock.instant();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", kind);
        doc.put("at", at.toString());
        doc.put("actor", actor);
        doc.put("what", what);
        doc.put("why", parameters);
        doc.put("status", status);
        elasticsearch.index(i -> i.index(AuditLog.PREFIX + MONTH.format(at))
                .id(UUID.randomUUID().toString())
                .opType(OpType.Create)
                .document(doc));
    }

    /**
     * The latest entries of every kind, newest first; only those of {@code actor} when it is not empty. The indices
     * are refreshed first, so an action just taken is listed.
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> recent(String actor, int size) throws IOException {
        return recent("", actor, size);
    }

    /** The latest entries of one kind (all when empty), of one actor (all when empty), newest first. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> recent(String kind, String actor, int size) throws IOException {
        elasticsearch
                .indices()
                .refresh(r ->
                        r.index(AuditLog.PREFIX + "*").ignoreUnavailable(true).allowNoIndices(true));
        var hits = elasticsearch
                .search(
                        s -> {
                            s.index(AuditLog.PREFIX + "*")
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)
                                    .size(size)
                                    .sort(o -> o.field(f -> f.field("at").order(SortOrder.Desc)));
                            s.query(q -> q.bool(b -> {
                                if (!actor.isEmpty())
                                    b.filter(f -> f.term(t -> t.field("actor").value(actor)));
                                if (!kind.isEmpty())
                                    b.filter(f -> f.term(t -> t.field("kind").value(kind)));
                                return b;
                            }));
                            return s;
                        },
                        Map.class)
                .hits()
                .hits();
        List<Map<String, Object>> out = new ArrayList<>();
        for (var hit : hits) if (hit.source() != null) out.add((Map<String, Object>) hit.source());
        return out;
    }
}
