package io.outrider.topology.graph;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the stored topology minutes of a window and merges them into one {@link ServiceGraph}. */
public final class TopologyStore {

    private static final int PAGE = 5_000;

    private final ElasticsearchClient elasticsearch;

    public TopologyStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** The graph of the minutes starting in {@code [from, to)}. */
    @SuppressWarnings("unchecked")
    public ServiceGraph graph(Instant from, Instant to) throws IOException {
        Map<Edge, EdgeStats> edges = new HashMap<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            var hits = elasticsearch
                    .search(
                            s -> {
                                s.index(TopologyWriter.INDEX_PREFIX + "*")
                                        .ignoreUnavailable(true)
                                        .allowNoIndices(true)
                                        .size(PAGE)
                                        .query(q -> q.range(r -> r.untyped(u -> u.field("minute")
                                                .gte(JsonData.of(from.toEpochMilli()))
                                                .lt(JsonData.of(to.toEpochMilli())))))
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
                if (hit.source() == null || !(hit.source().get("edges") instanceof List<?> list)) continue;
                for (Object e : list) {
                    if (!(e instanceof Map<?, ?> edge)) continue;
                    edges.computeIfAbsent(
                                    new Edge(String.valueOf(edge.get("caller")), String.valueOf(edge.get("callee"))),
                                    k -> new EdgeStats())
                            .merge(EdgeStats.fromDocument(edge));
                }
            }
            if (hits.size() < PAGE) break;
            after = hits.getLast().sort();
        }
        return new ServiceGraph(edges);
    }
}
