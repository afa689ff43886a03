package io.outrider.topology.rollup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Reads the stored minutes of a rollup over a window, page by page, handing over every entry. */
public final class RollupDocuments {

    private static final int PAGE = 5_000;

    private RollupDocuments() {}

    /**
     * Every entry of the minutes starting in {@code [from, to)}.
     *
     * @param service only documents about this service, or all
     */
    public static void entries(
            ElasticsearchClient elasticsearch,
            String indexPrefix,
            Instant from,
            Instant to,
            @Nullable String service,
            Consumer<Map<?, ?>> entry)
            throws IOException {
        entries(elasticsearch, indexPrefix, from, to, service, (minute, e) -> entry.accept(e));
    }

    /**
     * Every entry of the minutes starting in {@code [from, to)}, with the minute it belongs to (epoch ms), minutes in
     * ascending order.
     *
     * @param service only documents about this service, or all
     */
    @SuppressWarnings("unchecked")
    public static void entries(
            ElasticsearchClient elasticsearch,
            String indexPrefix,
            Instant from,
            Instant to,
            @Nullable String service,
            java.util.function.BiConsumer<Long, Map<?, ?>> entry)
            throws IOException {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.range(r -> r.untyped(
                u -> u.field("minute").gte(JsonData.of(from.toEpochMilli())).lt(JsonData.of(to.toEpochMilli()))))));
        if (service != null)
            filters.add(Query.of(q -> q.term(t -> t.field("services").value(service))));
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            var hits = elasticsearch
                    .search(
                            s -> {
                                s.index(indexPrefix + "*")
                                        .ignoreUnavailable(true)
                                        .allowNoIndices(true)
                                        .size(PAGE)
                                        .query(q -> q.bool(b -> b.filter(filters)))
                                        .sort(o -> o.field(f -> f.field("minute")
                                                .order(SortOrder.Asc)
                                                .unmappedType(FieldType.Long)))
                                        .sort(o -> o.field(f -> f.field("partition")
                                                .order(SortOrder.Asc)
                                                .unmappedType(FieldType.Long)));
                                if (searchAfter != null) s.searchAfter(searchAfter);
                                return s;
                            },
                            Map.class)
                    .hits()
                    .hits();
            for (var hit : hits) {
                if (hit.source() != null && hit.source().get("entries") instanceof List<?> list) {
                    long minute = hit.source().get("minute") instanceof Number n ? n.longValue() : 0;
                    for (Object e : list) if (e instanceof Map<?, ?> map) entry.accept(minute, map);
                }
            }
            if (hits.size() < PAGE) return;
            after = hits.getLast().sort();
        }
    }
}
