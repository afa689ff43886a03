package io.outrider.topology.graph;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.outrider.topology.rollup.LatencyStats;
import io.outrider.topology.rollup.RollupDocuments;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Reads the stored topology minutes of a window and merges them into one {@link ServiceGraph}. */
public final class TopologyStore {

    private final ElasticsearchClient elasticsearch;

    public TopologyStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** The graph of the minutes starting in {@code [from, to)}. */
    public ServiceGraph graph(Instant from, Instant to) throws IOException {
        Map<Edge, LatencyStats> edges = new HashMap<>();
        RollupDocuments.entries(
                elasticsearch,
                TopologyRollup.INDEX_PREFIX,
                from,
                to,
                null,
                entry -> edges.computeIfAbsent(TopologyRollup.edge(entry), k -> new LatencyStats())
                        .merge(LatencyStats.fromDocument(entry)));
        return new ServiceGraph(edges);
    }
}
