package io.outrider.topology.trace;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the stored trees of a request from the span indices ({@code outrider-spans-*}). */
public final class TraceStore {

    /** The span indices the collector writes. */
    public static final String SPANS = "outrider-spans-*";
    /** More trees than this in one request are not read (a runaway trace). */
    public static final int MAX_TREES = 10_000;

    private final ElasticsearchClient elasticsearch;

    public TraceStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** Every stored tree of the request, earliest first. */
    @SuppressWarnings("unchecked")
    public List<TraceAssembler.StoredTree> trees(String traceId) throws IOException {
        var hits = elasticsearch
                .search(
                        s -> s.index(SPANS)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(MAX_TREES)
                                .query(q -> q.term(t -> t.field("traceId").value(traceId)))
                                .sort(o -> o.field(f -> f.field("timestamp").order(SortOrder.Asc))),
                        Map.class)
                .hits()
                .hits();
        List<TraceAssembler.StoredTree> trees = new ArrayList<>(hits.size());
        for (var hit : hits) if (hit.source() != null) trees.add(new TraceAssembler.StoredTree(hit.source()));
        return trees;
    }

    /** The trace id of the request a message belongs to, if that message is stored. */
    @SuppressWarnings("unchecked")
    public Optional<String> traceIdOf(String messageId) throws IOException {
        var hits = elasticsearch
                .search(
                        s -> s.index(SPANS)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(1)
                                .source(src -> src.filter(f -> f.includes("traceId")))
                                .query(q -> q.term(t -> t.field("messageId").value(messageId))),
                        Map.class)
                .hits()
                .hits();
        if (hits.isEmpty() || hits.getFirst().source() == null) return Optional.empty();
        return Optional.ofNullable(hits.getFirst().source().get("traceId")).map(Object::toString);
    }
}
