package io.outrider.dedup.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import io.outrider.dedup.correlate.Features;
import io.outrider.dedup.correlate.TrainingPair;
import io.outrider.infra.elasticsearch.IndexTemplate;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-call feedback the learned correlator trains on, in {@value #INDEX}: one document per labelled pair (its
 * features, together or apart, and where the label came from: which merge or split, by whom), append-only. Every
 * server instance reads it at start, so a restarted or second instance trains on the same labels.
 */
public final class FeedbackStore {

    public static final String INDEX = "outrider-correlator-feedback";
    /** The most labels read back at start; the newest win when there are more. */
    public static final int MAX_READ = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The stored form of a pair. */
    record Document(Features features, boolean together, String source, Instant at) {}

    private final ElasticsearchClient elasticsearch;

    public FeedbackStore(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public static IndexTemplate indexTemplate() {
        return IndexTemplate.fromResource(
                "outrider-correlator-feedback",
                List.of(INDEX),
                100,
                FeedbackStore.class,
                "correlator-feedback-template.json");
    }

    public void append(List<TrainingPair> pairs, Instant at) throws IOException {
        if (pairs.isEmpty()) return;
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.WaitFor);
        for (TrainingPair p : pairs) {
            Map<?, ?> doc = JSON.convertValue(new Document(p.features(), p.together(), p.source(), at), Map.class);
            bulk.operations(op -> op.index(i -> i.index(INDEX).document(doc)));
        }
        BulkResponse response = elasticsearch.bulk(bulk.build());
        if (response.errors())
            throw new IOException("Elasticsearch refused feedback labels: "
                    + response.items().stream()
                            .filter(i -> i.error() != null)
                            .map(i -> i.error().reason())
                            .findFirst()
                            .orElse("?"));
    }

    /** The stored labels, oldest first (at most {@value #MAX_READ}, the newest). */
    public List<TrainingPair> all() throws IOException {
        var hits = elasticsearch
                .search(
                        s -> s.index(INDEX)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .size(MAX_READ)
                                .sort(o -> o.field(f -> f.field("at").order(SortOrder.Desc))),
                        Map.class)
                .hits()
                .hits();
        List<TrainingPair> pairs = new ArrayList<>();
        for (var hit : hits) {
            if (hit.source() == null) continue;
            Document d = JSON.convertValue(hit.source(), Document.class);
            pairs.add(new TrainingPair(d.features(), d.together(), d.source()));
        }
        return pairs.reversed();
    }
}
