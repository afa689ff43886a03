package io.outrider.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole expired indices, the only form of retention the embedded distribution supports (it has no ILM and
 * no {@code _delete_by_query}). Run it on a schedule; each run is idempotent.
 */
public final class IndexRetention {

    private static final Logger log = LoggerFactory.getLogger(IndexRetention.class);

    private final ElasticsearchClient client;
    private final RetentionPolicy policy;
    private final Clock clock;

    public IndexRetention(ElasticsearchClient client, RetentionPolicy policy, Clock clock) {
        this.client = client;
        this.policy = policy;
        this.clock = clock;
    }

    /** Deletes the expired Outrider indices and returns their names. */
    public List<String> deleteExpired() {
        try {
            List<String> indices = client
                    .indices()
                    .get(g -> g.index("outrider-*").allowNoIndices(true).ignoreUnavailable(true))
                    .result()
                    .keySet()
                    .stream()
                    .toList();
            List<String> expired = policy.expired(indices, LocalDate.now(clock));
            if (!expired.isEmpty()) {
                client.indices().delete(d -> d.index(expired));
                log.info("Retention deleted {} expired indices: {}", expired.size(), expired);
            }
            return expired;
        } catch (IOException e) {
            throw new UncheckedIOException("retention could not reach Elasticsearch", e);
        }
    }
}
