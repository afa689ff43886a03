package io.outrider.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.GetIndexTemplateResponse;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs index templates: first the shared {@value #SETTINGS_COMPONENT} component template (shards, replicas),
 * then each module's {@link IndexTemplate} composed of it. Installing is idempotent and happens at every start, so
 * a changed template applies to the next daily index, and fields it adds are put on the indices it already matches.
 * A pattern without a wildcard names a single index (incidents, silences, runbook runs): it is created here and
 * waited for, so the first search of a fresh cluster does not meet a shard that is still starting.
 */
public final class IndexTemplates {

    /** The component template holding the index settings every Outrider index shares. */
    public static final String SETTINGS_COMPONENT = "outrider-index-settings";

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final ElasticsearchClient client;
    private final IndexSettings settings;

    public IndexTemplates(ElasticsearchClient client, IndexSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * Shard and replica counts of every Outrider index.
     *
     * @param shards primary shards per index
     * @param replicas replicas per shard (0 on a single node)
     */
    public record IndexSettings(int shards, int replicas) {
        public IndexSettings {
            if (shards < 1) throw new IllegalArgumentException("shards < 1: " + shards);
            if (replicas < 0) throw new IllegalArgumentException("replicas < 0: " + replicas);
        }
    }

    /** Installs (or replaces) the shared settings component, then these templates. */
    public void install(Collection<IndexTemplate> templates) {
        putSettingsComponent();
        templates.forEach(this::put);
        List<String> single = templates.stream()
                .flatMap(t -> t.indexPatterns().stream())
                .filter(p -> !p.contains("*"))
                .toList();
        single.forEach(this::createIfMissing);
        awaitPrimaries(single);
    }

    private void createIfMissing(String index) {
        try {
            if (client.indices().exists(e -> e.index(index)).value()) return;
            client.indices().create(c -> c.index(index));
            log.info("Created index {}", index);
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            // another instance created it first
            if (!"resource_already_exists_exception".equals(e.error().type())) throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create index " + index, e);
        }
    }

    /** Waits (up to 30 s) until every primary shard of these indices has started; logs when they do not. */
    private void awaitPrimaries(List<String> indices) {
        if (indices.isEmpty()) return;
        try {
            var health = client.cluster()
                    .health(h -> h.index(indices)
                            .waitForStatus(co.elastic.clients.elasticsearch._types.HealthStatus.Yellow)
                            .timeout(t -> t.time("30s")));
            if (health.timedOut())
                log.warn(
                        "Indices {} are still {} after 30 s; searches answer 503 until their shards start",
                        indices,
                        health.status());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the health of " + indices, e);
        }
    }

    private void put(IndexTemplate template) {
        try {
            client.indices()
                    .putIndexTemplate(put -> put.name(template.name())
                            .indexPatterns(template.indexPatterns())
                            .priority((long) template.priority())
                            .composedOf(SETTINGS_COMPONENT)
                            .template(t -> t.withJson(new StringReader(template.templateJson()))));
            log.debug("Installed index template {} for {}", template.name(), template.indexPatterns());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install index template " + template.name(), e);
        }
        updateExistingMappings(template);
    }

    /**
     * Puts the template's mappings on the indices it already matches, so that a field added in a new version is
     * indexed there too (a strict mapping would refuse documents with it). Elasticsearch accepts only additive
     * changes; an incompatible one is logged and the index keeps its mapping.
     */
    private void updateExistingMappings(IndexTemplate template) {
        tools.jackson.databind.JsonNode mappings =
                JSON.readTree(template.templateJson()).path("mappings");
        if (!mappings.isObject()) return;
        try {
            client.indices()
                    .putMapping(m -> m.index(template.indexPatterns())
                            .allowNoIndices(true)
                            .ignoreUnavailable(true)
                            .withJson(new StringReader(mappings.toString())));
        } catch (IOException | co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
            log.warn(
                    "Mappings of template {} not applied to its existing indices {} ({}); new indices get them",
                    template.name(),
                    template.indexPatterns(),
                    e.getMessage());
        }
    }

    /** The names of the installed Outrider index templates. */
    public List<String> installed() {
        try {
            GetIndexTemplateResponse response = client.indices().getIndexTemplate(g -> g.name("outrider-*"));
            return response.indexTemplates().stream()
                    .map(t -> t.name())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list index templates", e);
        }
    }

    private void putSettingsComponent() {
        try {
            client.cluster()
                    .putComponentTemplate(c -> c.name(SETTINGS_COMPONENT)
                            .template(t -> t.settings(s -> s.numberOfShards(Integer.toString(settings.shards()))
                                    .numberOfReplicas(Integer.toString(settings.replicas())))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install component template " + SETTINGS_COMPONENT, e);
        }
    }
}
